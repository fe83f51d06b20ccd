//! 设置: the catalogue in use (load, draft, switch: `super::catalogues`), responsible units (list and
//! assignment) and the bands used for vague wording (左右、均衡).

use super::state::use_app;
use super::units::{UnitAssign, UnitsEditor};
use leptos::prelude::*;
use lishu_core::catalogue::{fmt_num, Catalogue, Direction, Indicator, Kind};
use lishu_core::dataset::parse_number;

/// Indicators whose judgement uses a band (左右, 均衡, 保持).
pub fn band_indicators(cat: &Catalogue) -> Vec<&Indicator> {
    cat.indicators()
        .into_iter()
        .map(|r| r.indicator)
        .filter(|i| matches!(i.kind, Kind::Approx | Kind::Balance) || (i.kind == Kind::Directional && i.direction == Direction::Hold))
        .collect()
}

/// Parses a band typed by the user: empty = default (None), else a non-negative number.
pub fn parse_band(text: &str) -> Result<Option<f64>, String> {
    match parse_number(text) {
        None => Ok(None),
        Some(Ok(v)) if (0.0..=50.0).contains(&v) => Ok(Some(v)),
        Some(Ok(v)) => Err(format!("带宽 {} 不在 0–50 之间", fmt_num(v))),
        Some(Err(())) => Err(format!("“{}”不是有效数字", text.trim())),
    }
}


#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <div class="settings" data-testid="settings">
            <super::catalogues::CataloguePanel/>
            <UnitsEditor/>
            <Assignment/>
            <Bands/>
        </div>
    }
}

#[component]
fn Assignment() -> impl IntoView {
    let cat = use_app().cat;
    let domain = RwSignal::new(cat.domains.first().map(|d| d.id.clone()).unwrap_or_default());
    view! {
        <section class="panel" data-testid="assignment">
            <h2>"指标责任分工"</h2>
            <p class="muted">"每项指标有一个牵头单位和若干配合单位，默认取自规划。区妇儿工委办可在此调整；单位模式按此显示各单位的指标。"</p>
            <label class="field"><span>"领域"</span>
                <select on:change=move |ev| domain.set(event_target_value(&ev))>
                    {cat.domains.iter().map(|d| view! {
                        <option value=d.id.clone()>{format!("{} {}", cat.plan_short(d.plan), d.name)}</option>
                    }).collect_view()}
                </select>
            </label>
            <table class="grid">
                <thead><tr><th scope="col">"指标"</th><th scope="col">"牵头单位 / 配合单位"</th></tr></thead>
                <tbody>
                    {move || {
                        let d = domain.get();
                        cat.indicators().into_iter().filter(|r| r.domain.id == d).map(|r| view! {
                            <tr>
                                <th scope="row">{format!("{} {}", r.indicator.id, r.indicator.name)}</th>
                                <td><UnitAssign id=r.indicator.id.clone()/></td>
                            </tr>
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Bands() -> impl IntoView {
    let cat = use_app().cat;
    let d = &cat.defaults;
    view! {
        <section class="panel" data-testid="bands">
            <h2>"含糊措辞的判断口径"</h2>
            <ul>
                <li>{format!("“左右”：与目标值相差不超过 {}（按指标单位，百分比即百分点）。", fmt_num(d.approx_band))}</li>
                <li>{format!("“男女比例均衡”：女性占比在 {}%–{}% 之间；如设置带宽 b，则为 50% ± b。", fmt_num(d.balance_low), fmt_num(d.balance_high))}</li>
                <li>{format!("“基本实现”：与门槛值的相对差距不超过 {}%。", fmt_num(d.basic_tolerance * 100.0))}</li>
                <li>{format!("“提高/下降”：相对 {} 年基数的最小变化 {}%（0 表示任何同向变化）。", cat.period.base, fmt_num(d.min_change * 100.0))}</li>
            </ul>
            <p class="muted">"下列指标可单独设置带宽（留空 = 使用默认口径）。"</p>
            <table class="grid">
                <thead><tr><th scope="col">"指标"</th><th scope="col">"类型"</th><th scope="col">"带宽"</th></tr></thead>
                <tbody>{band_indicators(cat).into_iter().map(|ind| view! { <BandRow ind/> }).collect_view()}</tbody>
            </table>
        </section>
    }
}

#[component]
fn BandRow(ind: &'static Indicator) -> impl IntoView {
    let app = use_app();
    let stored = move || app.dataset.with(|d| d.settings.get(&ind.id).and_then(|s| s.band));
    let text = RwSignal::new(stored().map(fmt_num).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let dom_id = format!("band-{}", ind.id);
    let placeholder = ind.band.map(|b| format!("目录：{}", fmt_num(b))).unwrap_or_else(|| "默认".into());
    view! {
        <tr>
            <th scope="row"><label for=dom_id.clone()>{format!("{} {}", ind.id, ind.name)}</label></th>
            <td>{ind.kind.label()}</td>
            <td>
                <input id=dom_id type="text" inputmode="decimal" placeholder=placeholder
                    aria-invalid=move || if error.with(|e| e.is_some()) { "true" } else { "false" }
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        text.set(t.clone());
                        match parse_band(&t) {
                            Ok(b) => {
                                error.set(None);
                                if b != stored() {
                                    let _ = app.dispatch(lishu_core::edit::Edit::Band { indicator: ind.id.clone(), band: b });
                                }
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    }/>
                {move || error.get().map(|e| view! { <span class="error">{e}</span> })}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_parsing_and_setting() {
        assert_eq!(parse_band(""), Ok(None));
        assert_eq!(parse_band("3"), Ok(Some(3.0)));
        assert!(parse_band("-1").is_err());
        assert!(parse_band("宽").unwrap_err().contains("不是有效数字"));
        assert!(!band_indicators(Catalogue::embedded()).is_empty());
    }
}
