//! 总览（仪表盘）: 达标率 cards (overall, per plan, per domain), counts per status, charts, early warnings and
//! data completeness, filterable by plan, domain and unit. All figures come from
//! `lishu_core::report::build_dashboard`; this file only lays them out.

use super::chart::{Chart, ChartTable};
use super::state::use_app;
use crate::charts::{self, DataTable};
use leptos::prelude::*;
use lishu_core::catalogue::Plan;
use lishu_core::eval::{Rollup, Status};
use lishu_core::completeness::Completeness;
use lishu_core::report::coverage::coverage_sentence;
use lishu_core::report::{build_dashboard, count, fmt_rate, Dashboard as DashData, DashboardFilter};

/// Option value of a plan in the filter.
fn plan_value(p: Option<Plan>) -> &'static str {
    p.map_or("", Plan::key)
}

fn parse_plan(v: &str) -> Option<Plan> {
    Plan::ALL.into_iter().find(|p| p.key() == v)
}

fn non_empty(v: String) -> Option<String> {
    (!v.trim().is_empty()).then_some(v)
}

/// "达标 12 / 可监测 30 项；无数据 3 项".
fn rollup_line(r: &Rollup) -> String {
    format!("达标 {} / 可监测 {} 项；无数据 {} 项", r.achieved, r.monitorable, r.no_data)
}

/// The one line of a domain card with no measurable indicator (nothing to compute a 达标率 from), or None
/// when the domain has one: "本领域暂无可量化指标数据（12 项指标均无数据）".
fn empty_domain_line(r: &Rollup) -> Option<String> {
    (r.monitorable == 0).then(|| {
        if r.total == 0 {
            "本领域暂无纳入监测的指标".to_string()
        } else {
            format!("本领域暂无可量化指标数据（{} 项指标均无数据）", r.total)
        }
    })
}

/// Completeness by unit and year as a table (filled / indicators per year).
fn completeness_table(c: &Completeness, year: u16) -> DataTable {
    let mut headers = vec!["牵头单位".to_string(), "指标数".to_string()];
    headers.extend(c.years.iter().map(|y| format!("{y}年已填报")));
    let pct = |n: usize, total: usize| {
        if total == 0 {
            "—".to_string()
        } else {
            format!("{n}（{:.0}%）", n as f64 * 100.0 / total as f64)
        }
    };
    let mut rows: Vec<(String, Vec<String>)> = c
        .units
        .iter()
        .map(|u| {
            let mut cells = vec![u.rows.len().to_string()];
            cells.extend(u.filled_per_year().iter().map(|n| pct(*n, u.rows.len())));
            (u.unit.clone(), cells)
        })
        .collect();
    let mut total = vec![c.indicators().to_string()];
    total.extend(c.filled_per_year().iter().map(|n| pct(*n, c.indicators())));
    rows.push(("合计".to_string(), total));
    DataTable { caption: format!("填报完整性（按牵头单位和年份；当前评估年份 {year} 年）"), headers, rows }
}

/// Which indicator/year cells hold data.
fn indicator_completeness_table(c: &Completeness) -> DataTable {
    let mut headers = vec!["指标".to_string(), "牵头单位".to_string()];
    headers.extend(c.years.iter().map(|y| y.to_string()));
    let rows = c
        .rows()
        .map(|i| {
            let mut cells = vec![i.lead_unit.clone()];
            cells.extend(i.years.iter().map(|f| if f.reported { "✓ 已填".to_string() } else { "— 未填".to_string() }));
            (format!("{} {}", i.id, i.name), cells)
        })
        .collect();
    DataTable { caption: "各指标逐年填报情况（✓ 已填，— 未填）".to_string(), headers, rows }
}

/// The indicator whose trend chart is shown by default: the first with a warning, else the first.
fn default_indicator(d: &DashData) -> Option<String> {
    d.warnings.first().map(|w| w.id.clone()).or_else(|| d.completeness.rows().next().map(|i| i.id.clone()))
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let app = use_app();
    let plan = RwSignal::new(None::<Plan>);
    let domain = RwSignal::new(None::<String>);
    let unit = RwSignal::new(app.unit.get_untracked());
    // Follow the app's unit mode when it changes (the filter can still pick another unit).
    Effect::new(move |_| unit.set(app.unit.get()));
    let picked = RwSignal::new(None::<String>);

    let filter = Memo::new(move |_| DashboardFilter { plan: plan.get(), domain: domain.get(), unit: unit.get() });
    let data = Memo::new(move |_| {
        let f = filter.get();
        app.evaluation.with(|ev| app.dataset.with(|ds| build_dashboard(app.cat, ds, ev, &f)))
    });

    let mix_chart = Signal::derive(move || data.with(|d| charts::status_mix(&d.overall, "指标状态分布")));
    let domain_chart =
        Signal::derive(move || data.with(|d| charts::domain_attainment(&d.by_domain, "各领域目标实现情况")));
    let indicator_id = Memo::new(move |_| picked.get().or_else(|| data.with(default_indicator)));
    let indicator_chart = Signal::derive(move || {
        let id = indicator_id.get().unwrap_or_default();
        let r = app.cat.indicator(&id);
        app.evaluation.with(|ev| match (r, ev.result(&id)) {
            (Some(r), Some(res)) => {
                let earlier = app.dataset.with(|ds| earlier_values(app.cat, r.indicator, ds));
                charts::indicator_series_with(r.indicator, res, app.cat.period, &earlier)
            }
            _ => charming::Chart::new(),
        })
    });
    let completeness = Signal::derive(move || data.with(|d| completeness_table(&d.completeness, d.year)));
    let completeness_detail = Signal::derive(move || data.with(|d| indicator_completeness_table(&d.completeness)));

    view! {
        <section class="dashboard" data-testid="dashboard" aria-labelledby="dashboard-title">
            <h2 id="dashboard-title">"总览"</h2>
            <p class="muted">
                {move || format!("评估年份：{}年。达标率 = 达标数（提前实现 + 已达标）÷ 可监测数；无数据不计入分母，单独列出。", app.year.get())}
            </p>

            <div class="filters" role="group" aria-label="筛选">
                <label>"规划 "
                    <select data-testid="filter-plan" on:change=move |ev| {
                        plan.set(parse_plan(&event_target_value(&ev)));
                        domain.set(None);
                    } prop:value=move || plan_value(plan.get())>
                        <option value="">"全部规划"</option>
                        {app.cat.plans.iter().map(|p| view! { <option value=p.plan.key()>{p.short.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"领域 "
                    <select data-testid="filter-domain"
                        on:change=move |ev| domain.set(non_empty(event_target_value(&ev)))
                        prop:value=move || domain.get().unwrap_or_default()>
                        <option value="">"全部领域"</option>
                        {move || data.with(|d| d.domain_options.iter().map(|(id, name)| {
                            view! { <option value=id.clone()>{format!("{id} {name}")}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <label>"牵头单位 "
                    <select data-testid="filter-unit"
                        on:change=move |ev| unit.set(non_empty(event_target_value(&ev)))
                        prop:value=move || unit.get().unwrap_or_default()>
                        <option value="">"全部单位"</option>
                        {move || data.with(|d| d.unit_options.iter().map(|u| {
                            view! { <option value=u.clone()>{u.clone()}</option> }
                        }).collect_view())}
                    </select>
                </label>
            </div>

            <div class="cards" data-testid="rate-cards">
                {move || data.with(|d| {
                    let mut cards = vec![(d.overall.clone(), "overall".to_string())];
                    if d.by_plan.len() > 1 {
                        cards.extend(d.by_plan.iter().map(|r| (r.clone(), r.key.clone())));
                    }
                    cards.into_iter().map(|(r, key)| view! {
                        <div class="card card-main" data-testid=format!("rate-card-{key}")>
                            <div class="card-title">{if key == "overall" { "总体达标率".to_string() } else { format!("{}达标率", r.name) }}</div>
                            <div class="card-value">{fmt_rate(r.rate)}</div>
                            <div class="card-note">{rollup_line(&r)}</div>
                            <div class="card-note" data-testid=format!("coverage-{key}")>{coverage_sentence(&r)}</div>
                        </div>
                    }).collect_view()
                })}
            </div>

            <h3>"各状态指标数"</h3>
            <ul class="status-counts" data-testid="status-counts">
                {move || data.with(|d| Status::ALL.iter().map(|s| {
                    let n = count(&d.overall, *s);
                    view! {
                        <li data-status=format!("{s:?}")>
                            <span class="swatch" style=format!("background:{}", s.color()) aria-hidden="true"></span>
                            {format!("{}：{} 项", s.label(), n)}
                        </li>
                    }
                }).collect_view())}
            </ul>

            <div class="chart-grid">
                <Chart chart=mix_chart id="chart-status-mix" height="320px" />
                <Chart chart=domain_chart id="chart-domains" height="480px" />
            </div>

            <h3>"各领域达标率"</h3>
            <div class="cards cards-domains" data-testid="domain-cards">
                {move || data.with(|d| d.by_domain.iter().map(|r| match empty_domain_line(r) {
                    // Nothing measurable: a quiet grey card with one line of normal-size text, no big "—".
                    Some(line) => view! {
                        <div class="card domain-card--empty" data-testid=format!("domain-card-{}", r.key) data-empty="true">
                            <div class="card-title">{r.name.clone()}</div>
                            <p class="card-empty-line">{line}</p>
                        </div>
                    }.into_any(),
                    None => view! {
                        <div class="card" data-testid=format!("domain-card-{}", r.key)>
                            <div class="card-title">{r.name.clone()}</div>
                            <div class="card-value">{fmt_rate(r.rate)}</div>
                            <div class="card-note">{rollup_line(r)}</div>
                        </div>
                    }.into_any(),
                }).collect_view())}
            </div>

            <h3>"预警清单"</h3>
            <div data-testid="warning-list">
                {move || data.with(|d| if d.warnings.is_empty() {
                    view! { <p>"当前筛选范围内没有预警。"</p> }.into_any()
                } else {
                    view! {
                        <table class="data-table">
                            <caption>{format!("预警 {} 条（预计达标困难、波动较大、退步、未持续保持、数据不稳定）", d.warnings.len())}</caption>
                            <thead><tr>
                                <th scope="col">"指标"</th><th scope="col">"领域"</th><th scope="col">"牵头单位"</th>
                                <th scope="col">"状态"</th><th scope="col">"预警"</th><th scope="col">"原因"</th>
                            </tr></thead>
                            <tbody>
                                {d.warnings.iter().map(|w| {
                                    let id = w.id.clone();
                                    // The statistician's working of this warning, from the evaluation.
                                    let working = app.evaluation.with_untracked(|ev| {
                                        ev.result(&w.id)
                                            .and_then(|r| r.warnings.iter().find(|x| x.kind.label() == w.label && x.reason == w.reason))
                                            .map(|x| x.working.clone())
                                            .unwrap_or_default()
                                    });
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                <button type="button" class="link" title="查看趋势图"
                                                    on:click=move |_| picked.set(Some(id.clone()))>
                                                    {format!("{} {}", w.id, w.name)}
                                                </button>
                                            </th>
                                            <td>{w.domain.clone()}</td>
                                            <td>{w.lead_unit.clone()}</td>
                                            <td>{w.status.label()}</td>
                                            <td>{w.label.clone()}</td>
                                            <td>
                                                {w.reason.clone()}
                                                {(!working.is_empty()).then(|| view! {
                                                    <details class="explain"><summary>"计算过程"</summary><p>{working.clone()}</p></details>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })}
            </div>

            <h3>"指标趋势"</h3>
            <label>"选择指标 "
                <select data-testid="trend-indicator"
                    on:change=move |ev| picked.set(non_empty(event_target_value(&ev)))
                    prop:value=move || indicator_id.get().unwrap_or_default()>
                    {move || data.with(|d| d.completeness.rows().map(|i| {
                        view! { <option value=i.id.clone()>{format!("{} {}", i.id, i.name)}</option> }
                    }).collect_view())}
                </select>
            </label>
            <Chart chart=indicator_chart id="chart-indicator" height="380px" />

            <h3>"填报完整性"</h3>
            <div data-testid="completeness">
                <ChartTable table=completeness id="completeness-table" />
                <details>
                    <summary>"各指标逐年填报情况"</summary>
                    <ChartTable table=completeness_detail id="completeness-detail" />
                </details>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lishu_core::catalogue::{Catalogue, Entry, Kind};
    use lishu_core::dataset::{Dataset, YearEntry};
    use lishu_core::eval::evaluate;
    use lishu_core::report::coverage::REPRESENTATIVE_SHARE;

    /// Seven simple indicators (one value a year) with a value in every plan year.
    fn seven_with_data(cat: &Catalogue) -> (Dataset, Vec<String>) {
        let mut ds = Dataset::default();
        let ids: Vec<String> = cat
            .indicators()
            .into_iter()
            .filter(|r| r.indicator.entry == Entry::Value && r.indicator.kind == Kind::Min && r.indicator.value.is_some())
            .take(7)
            .map(|r| r.indicator.id.clone())
            .collect();
        assert_eq!(ids.len(), 7);
        for id in &ids {
            let v = cat.indicator(id).and_then(|r| r.indicator.value).unwrap_or_default();
            for y in cat.period.years() {
                ds.set_entry(id, y, YearEntry { value: format!("{}", v + 1.0), ..Default::default() });
            }
        }
        (ds, ids)
    }

    #[test]
    fn seven_indicators_give_the_coverage_sentence_and_quiet_empty_domains() {
        let cat = Catalogue::embedded();
        let (ds, ids) = seven_with_data(cat);
        let ev = evaluate(cat, &ds, cat.period.last);
        let d = build_dashboard(cat, &ds, &ev, &DashboardFilter::default());
        assert_eq!(d.overall.monitorable, 7);
        assert_eq!(d.overall.total, cat.indicators().len());
        let s = coverage_sentence(&d.overall);
        assert!(s.starts_with("有数据的指标 7 项"), "{s}");
        assert!((7.0 / d.overall.total as f64) < REPRESENTATIVE_SHARE && s.contains("尚不能代表整体情况"), "{s}");

        // Domains holding one of the seven have a rate; every other domain gets the quiet line.
        for r in &d.by_domain {
            let has_data = ids.iter().any(|id| cat.indicator(id).is_some_and(|x| x.domain.id == r.key));
            match empty_domain_line(r) {
                Some(line) => {
                    assert!(!has_data, "{}", r.key);
                    assert!(line.contains("暂无可量化指标数据") && line.contains(&r.total.to_string()), "{line}");
                }
                None => assert!(has_data && r.rate.is_some(), "{}", r.key),
            }
        }
        assert!(d.by_domain.iter().any(|r| empty_domain_line(r).is_some()), "some domain has no data");
        let none = Rollup { total: 0, ..Default::default() };
        assert_eq!(empty_domain_line(&none).as_deref(), Some("本领域暂无纳入监测的指标"));
    }
}

/// The 上一期 years of `ind` carried from the previous period, with their values (for the trend chart).
pub fn earlier_values(cat: &lishu_core::Catalogue, ind: &lishu_core::Indicator, ds: &lishu_core::Dataset) -> Vec<(u16, Option<f64>)> {
    super::entry::previous_rows(cat, ind, ds)
        .into_iter()
        .map(|y| (y, lishu_core::check::check_year(cat, ind, ds, y).resolved.and_then(|r| r.value)))
        .collect()
}
