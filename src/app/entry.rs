//! The entry panel of one indicator: verbatim plan text, live evaluation status, responsible units and
//! the table of the catalogue's data years (基数年 … last plan year) with inputs by entry kind. Typed text is always kept (even
//! when invalid: marked aria-invalid with the Chinese message). Enter moves to the next field.

use lishu_core::check::{check_year, YearCheck};
use super::state::{entry_field, use_app, AppState};
use super::units::UnitAssign;
use leptos::prelude::*;
use lishu_core::catalogue::{fmt_num, Catalogue, Entry, Indicator, IndicatorRef, Kind, Stage};
pub use lishu_core::entry_fields::{field_key, field_label, fields};
use lishu_core::dataset::{round2, Derivation, Field};
use lishu_core::edit::Edit;
use lishu_core::eval::fmt::fmt_figure;
use wasm_bindgen::JsCast;

/// Option value of a stage: its data-file name (not_started, in_progress, basic, done).
pub fn stage_key(s: Stage) -> &'static str {
    match s {
        Stage::NotStarted => "not_started",
        Stage::InProgress => "in_progress",
        Stage::Basic => "basic",
        Stage::Done => "done",
    }
}

/// Moves focus to the next entry field of the same form (Enter key).
fn focus_next(form: &str, idx: usize) {
    let sel = format!("[data-nav-form=\"{form}\"] [data-nav=\"{}\"]", idx + 1);
    if let Some(el) = document().query_selector(&sel).ok().flatten() {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

#[component]
pub fn IndicatorPanel(id: String) -> impl IntoView {
    let Some(r) = use_app().cat.indicator(&id) else {
        return view! { <section class="panel"><p class="error">{format!("目标目录中没有指标“{id}”。")}</p></section> }
            .into_any();
    };
    let ind = r.indicator;
    view! {
        <section class="panel indicator" data-testid=format!("panel-{}", ind.id) aria-labelledby="panel-title">
            <Header r/>
            // Working order: the entry table and its result first; the plan text, the units and the
            // change log below (on 1366×768 the table starts within the first screen: tests/e2e_clerk.rs).
            <div class="entry-layout">
                <div class="entry-main">
                    <EntryTable ind/>
                    <Locks ind/>
                </div>
                <div class="entry-side">
                    <StatusBox ind/>
                    <PlanText r/>
                </div>
            </div>
            <UnitAssign id=ind.id.clone()/>
            <IndicatorLog ind/>
        </section>
    }
    .into_any()
}

#[component]
fn Header(r: IndicatorRef<'static>) -> impl IntoView {
    let ind = r.indicator;
    let cat = use_app().cat;
    view! {
        <header class="panel-head">
            <p class="crumb">{format!("{} › {} › {}. {}", cat.plan_short(r.domain.plan), r.domain.name, r.goal.number, r.goal.text)}</p>
            <h2 id="panel-title" tabindex="-1">{format!("{} {}", ind.id, ind.name)}</h2>
            <p class="target">
                <span class="tag">{ind.kind.label()}</span>
                " 目标：" <strong>{ind.target_label(cat.period.base)}</strong>
                {(!ind.unit.is_empty()).then(|| format!(" 　单位：{}", ind.unit))}
            </p>
        </header>
    }
}

/// The 指标解释 of an indicator as (heading, text) pairs, in display order: 定义, 计算方法, 计量单位 (the unit,
/// or "—"), 资料来源 ("—" when the catalogue gives none), and for a milestone its 佐证材料要求. A milestone
/// has no formula or unit: its 计算方法 says how its stage is entered, and empty texts are left out.
pub fn explanation_rows(ind: &Indicator) -> Vec<(&'static str, String)> {
    let dash = |t: &str| if t.trim().is_empty() { "—".to_string() } else { t.to_string() };
    if ind.kind == Kind::Milestone {
        let stages = Stage::ALL.map(|s| s.label()).join("、");
        let formula = if ind.formula.trim().is_empty() {
            format!("按年度选择进展阶段（{stages}），并在“佐证材料”栏写明所附材料")
        } else {
            ind.formula.clone()
        };
        let mut rows = vec![("定义", ind.definition.clone()), ("计算方法", formula), ("资料来源", ind.source.clone())];
        rows.push(("佐证材料要求", ind.evidence_hint.clone()));
        rows.retain(|(_, t)| !t.trim().is_empty());
        return rows;
    }
    vec![
        ("定义", dash(&ind.definition)),
        ("计算方法", dash(&ind.formula)),
        ("计量单位", dash(&ind.unit)),
        ("资料来源", dash(&ind.source)),
    ]
}

#[component]
fn PlanText(r: IndicatorRef<'static>) -> impl IntoView {
    let ind = r.indicator;
    view! {
        <div class="plan-text" data-testid="plan-text">
            <h3>"规划原文"</h3>
            <blockquote>{format!("——{}", r.line.text)}</blockquote>
            {(ind.clause != r.line.text).then(|| view! { <p><span class="muted">"本指标对应："</span>{ind.clause.clone()}</p> })}
            {(!ind.interpretation.is_empty()).then(|| view! { <p class="interp"><span class="muted">"口径说明："</span>{ind.interpretation.clone()}</p> })}
            // Catalogue texts, rendered as text (escaped by Leptos), never as HTML.
            <details class="explain-indicator" data-testid="indicator-explanation">
                <summary>"指标解释"</summary>
                <dl>
                    {explanation_rows(ind).into_iter().map(|(k, t)| view! {
                        <dt>{k}</dt>
                        <dd>{t}</dd>
                    }).collect_view()}
                </dl>
            </details>
        </div>
    }
}

#[component]
fn StatusBox(ind: &'static Indicator) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let res = Memo::new(move |_| app.evaluation.with(|e| e.result(&ind.id).cloned()));
    view! {
        <div class="status-box" aria-live="polite">
            {move || res.get().map(|r| {
                let (color, text) = (r.status.color(), r.status.text_color());
                // The plain sentence a clerk can read aloud; the working goes under 计算过程.
                let explained = r.explained(cat);
                view! {
                    <h3>{format!("{} 年评估", r.year)}</h3>
                    <p>
                        <span class="badge" style:background-color=color style:color=text data-testid=format!("status-{}", ind.id)>
                            {r.status.label()}
                        </span>
                        {r.latest.map(|v| format!(" 最新值 {}（{} 年）", fmt_figure(Some(v), &ind.unit), r.latest_year.unwrap_or(r.year)))}
                    </p>
                    <p class="verdict" data-testid=format!("verdict-{}", ind.id)>{explained.plain.clone()}</p>
                    {(!r.warnings.is_empty()).then(|| view! {
                        <ul class="warnings">
                            {r.warnings.iter().map(|w| view! {
                                <li>
                                    <strong>{w.kind.label()}</strong>"：" {w.reason.clone()}
                                    {(!w.working.is_empty()).then(|| view! {
                                        <details class="explain"><summary>"计算过程"</summary><p>{w.working.clone()}</p></details>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!r.errors.is_empty()).then(|| view! {
                        <div class="error">
                            <p>"以下填报有误，这些年份按无数据处理："</p>
                            <ul>{r.errors.iter().map(|e| view! { <li>{e.message(cat)}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <details class="explain">
                        <summary>"计算过程"</summary>
                        <ul>{explained.working.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </details>
                }
            })}
        </div>
    }
}

/// An edit waiting for the user's confirmation (changing a value of a year the unit has submitted), with
/// the question; shown above the entry table.
#[derive(Clone, Copy)]
struct PendingEdit(RwSignal<Option<(String, Edit)>>);

/// Dispatches an entry edit, or holds it for confirmation first when the core says it needs one.
fn dispatch_entry(app: AppState, pending: Option<PendingEdit>, edit: Edit) {
    match (app.confirm_needed(&edit), pending) {
        (Some(question), Some(PendingEdit(p))) => p.set(Some((question, edit))),
        _ => {
            let _ = app.dispatch(edit);
        }
    }
}

/// The confirmation of a held edit: 确认修改 applies it, 取消 drops it and shows the stored value again.
#[component]
fn ConfirmEdit() -> impl IntoView {
    let app = use_app();
    let Some(PendingEdit(pending)) = use_context::<PendingEdit>() else { return ().into_any() };
    view! {
        {move || pending.get().map(|(question, edit)| {
            let edit = StoredValue::new(edit);
            view! {
                <div class="confirm-panel" role="group" aria-label="确认修改已提交的数据" data-testid="edit-confirm">
                    <p role="alert">{question}</p>
                    <div class="row">
                        <button type="button" data-testid="edit-confirm-yes" on:click=move |_| {
                            pending.set(None);
                            let _ = app.dispatch(edit.get_value());
                        }>"确认修改"</button>
                        <button type="button" data-testid="edit-confirm-no" on:click=move |_| {
                            pending.set(None);
                            // The inputs show the stored values again (the typed text was not applied).
                            app.dataset.notify();
                        }>"取消"</button>
                    </div>
                </div>
            }
        })}
    }
    .into_any()
}

#[component]
fn EntryTable(ind: &'static Indicator) -> impl IntoView {
    provide_context(PendingEdit(RwSignal::new(None)));
    let app = use_app();
    let cat = app.cat;
    let period = cat.period;
    let cols = fields(ind);
    // 上一期 years carried from the previous period (before the base year): read-only rows above.
    let prev_years = Memo::new(move |_| app.dataset.with(|d| previous_rows(cat, ind, d)));
    let prev_cols = cols.clone();
    let computed = matches!(ind.entry, Entry::Rate | Entry::FemaleMale);
    let head = cols.clone();
    let split = text_fields_start(&head);
    view! {
        <ConfirmEdit/>
        <div class="table-scroll">
        <table class="grid entry" data-nav-form=ind.id.clone() data-testid=format!("entry-{}", ind.id)>
            <caption class="sr-only">{format!("{} 各年度数据", ind.name)}</caption>
            <thead>
                <tr>
                    <th scope="col">"年份"</th>
                    {head[..split].iter().map(|f| view! { <th scope="col">{field_label(ind, f)}</th> }).collect_view()}
                    {computed.then(|| view! { <th scope="col">"计算结果"</th> })}
                    {head[split..].iter().map(|f| view! { <th scope="col">{field_label(ind, f)}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {move || prev_years.get().into_iter().map(|year| view! { <PreviousRow ind year cols=prev_cols.clone() computed/> }).collect_view()}
                {period.years().enumerate().map(|(row, year)| view! { <YearRow ind year row cols=cols.clone() computed/> }).collect_view()}
            </tbody>
        </table>
        </div>
        <p class="muted small">"按 Tab 或 Enter 移到下一格。填写的内容随时自动保存；有误的内容也会保留并标出。"</p>
    }
}

/// The 上一期 years of `ind` holding carried data (before the base year; only for an indicator continuing one
/// of the previous catalogue).
pub fn previous_rows(cat: &Catalogue, ind: &Indicator, d: &lishu_core::Dataset) -> Vec<u16> {
    if ind.previous.is_none() {
        return vec![];
    }
    cat.previous_years().filter(|y| d.entry(&ind.id, *y).is_some()).collect()
}

// Was this year's value carried from the previous period (the reports say the same)?
use lishu_core::carry::carried_year;

/// A 上一期 year: the carried data shown read-only.
#[component]
fn PreviousRow(ind: &'static Indicator, year: u16, cols: Vec<Field>, computed: bool) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let (entry, check, locked) = app.dataset.with_untracked(|d| {
        (d.entry(&ind.id, year).cloned().unwrap_or_default(), check_year(cat, ind, d, year), lishu_core::review::is_locked(d, &ind.id, year))
    });
    let split = text_fields_start(&cols);
    let cell = |f: &Field| view! { <td class="readonly">{entry_field(&entry, f)}</td> };
    view! {
        <tr class="previous" data-testid=format!("previous-{}-{year}", ind.id) title="上一期数据，只读（转入自上一期目录）">
            <th scope="row">{year.to_string()}" "<span class="tag">"上一期"</span>
                {locked.then(|| view! { <span class="lock" title="已审核锁定">" 🔒"<span class="sr-only">"已审核锁定"</span></span> })}
            </th>
            {cols[..split].iter().map(cell).collect_view()}
            {computed.then(|| view! { <td class="computed">{computed_text(ind, &check)}</td> })}
            {cols[split..].iter().map(cell).collect_view()}
        </tr>
    }
}

#[component]
fn YearRow(ind: &'static Indicator, year: u16, row: usize, cols: Vec<Field>, computed: bool) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let check = Memo::new(move |_| app.dataset.with(|d| check_year(cat, ind, d, year)));
    let locked = Memo::new(move |_| app.dataset.with(|d| lishu_core::review::is_locked(d, &ind.id, year)));
    let n = cols.len();
    let split = text_fields_start(&cols);
    // Tab/Enter order (idx) follows the fields, value fields first; the computed value is not a field.
    let cell = move |c: usize, f: Field| {
        let idx = row * n + c;
        if f == Field::Stage {
            view! { <StageCell ind year idx/> }.into_any()
        } else {
            view! { <FieldCell ind year field=f idx check/> }.into_any()
        }
    };
    let mut value_cols: Vec<(usize, Field)> = cols.into_iter().enumerate().collect();
    let text_cols = value_cols.split_off(split);
    view! {
        <tr class:base=year == cat.period.base class:locked=move || locked.get()>
            <th scope="row">
                {move || if year == cat.period.base && app.dataset.with(|d| carried_year(d, &ind.id, year)) {
                    format!("{year} 基数（上一期终期值）")
                } else {
                    cat.period.column_label(year)
                }}
                {move || locked.get().then(|| view! { <span class="lock" title="已审核锁定" data-testid=format!("locked-{}-{year}", ind.id)>" 🔒"<span class="sr-only">"已审核锁定"</span></span> })}
            </th>
            {value_cols.into_iter().map(|(c, f)| cell(c, f)).collect_view()}
            {computed.then(|| view! {
                <td class="computed" data-testid=format!("computed-{}-{year}", ind.id)>
                    {move || check.with(|c| computed_text(ind, c))}
                    {move || check.with(|c| small_count_note(cat, ind, c)).map(|t| view! { <span class="warning small-count">{t}</span> })}
                </td>
            })}
            {text_cols.into_iter().map(|(c, f)| cell(c, f)).collect_view()}
        </tr>
    }
}

/// Where the free-text fields (备注, 数据来源) begin in `cols`: the computed value is shown before them,
/// next to the numbers it comes from, so it stays in view on narrow screens.
fn text_fields_start(cols: &[Field]) -> usize {
    cols.iter().position(|f| matches!(f, Field::Note | Field::Source)).unwrap_or(cols.len())
}

/// The computed value of a year ("3 ÷ 2150 × 100000 = 139.53/10万").
pub fn computed_text(ind: &Indicator, c: &YearCheck) -> String {
    match c.resolved.as_ref().and_then(|r| r.value.map(|v| (v, r.derivation))) {
        Some((_, d)) if !matches!(d, Derivation::Direct | Derivation::None) => format!("{d}{}", ind.unit),
        Some((v, _)) => format!("{}{}", fmt_num(round2(v)), ind.unit),
        None if !c.errors.is_empty() => "有误，未计算".into(),
        None => String::new(),
    }
}

/// For an event rate entered as counts: a note when the year's count is below the catalogue's threshold
/// ("事件数 3，少于 20：单年比率不稳定，评估时参考近三年合并率").
pub fn small_count_note(cat: &Catalogue, ind: &Indicator, c: &YearCheck) -> Option<String> {
    if !ind.counts_events() {
        return None;
    }
    match c.resolved.as_ref()?.derivation {
        Derivation::Rate { numerator, .. } if numerator < cat.defaults.min_events => Some(format!(
            "事件数 {}，少于 {}：单年比率不稳定，评估时参考近三年合并率",
            fmt_num(numerator),
            fmt_num(cat.defaults.min_events)
        )),
        _ => None,
    }
}

#[component]
fn FieldCell(ind: &'static Indicator, year: u16, field: Field, idx: usize, check: Memo<YearCheck>) -> impl IntoView {
    let app = use_app();
    let pending = use_context::<PendingEdit>();
    let key = field_key(ind, &field);
    let dom_id = format!("f-{}-{year}-{key}", ind.id);
    let msg_id = format!("{dom_id}-msg");
    let label = format!("{} {} 年 {}", ind.name, year, field_label(ind, &field));
    let field = StoredValue::new(field);
    let value = move || {
        app.dataset.with(|d| d.entry(&ind.id, year).map(|e| field.with_value(|f| entry_field(e, f))).unwrap_or_default())
    };
    let error = Memo::new(move |_| check.with(|c| field.with_value(|f| c.error_for(f))));
    let warning = Memo::new(move |_| check.with(|c| field.with_value(|f| c.warning_for(f))));
    let numeric = field.with_value(|f| !matches!(f, Field::Note | Field::Source | Field::Evidence));
    let form = ind.id.clone();
    view! {
        <td class="cell" class:invalid=move || error.with(|e| e.is_some()) class:warn=move || warning.with(|w| w.is_some())>
            <label for=dom_id.clone() class="sr-only">{label}</label>
            <input id=dom_id type="text" autocomplete="off"
                class:num=numeric
                inputmode=if numeric { "decimal" } else { "text" }
                data-testid=format!("input-{}-{year}-{key}", ind.id)
                data-nav=idx.to_string()
                aria-invalid=move || if error.with(|e| e.is_some()) { "true" } else { "false" }
                aria-describedby=msg_id.clone()
                readonly=move || app.dataset.with(|d| lishu_core::review::is_locked(d, &ind.id, year))
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let field = field.get_value();
                    dispatch_entry(app, pending, Edit::Field { indicator: ind.id.clone(), year, field, text });
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        focus_next(&form, idx);
                    }
                }/>
            <div id=msg_id class="msg" aria-live="polite" data-testid=format!("msg-{}-{year}-{key}", ind.id)>
                {move || error.get().map(|e| view! { <span class="error">{e}</span> })}
                {move || warning.get().map(|w| view! { <span class="warning">{format!("请核对：{w}")}</span> })}
            </div>
        </td>
    }
}

#[component]
fn StageCell(ind: &'static Indicator, year: u16, idx: usize) -> impl IntoView {
    let app = use_app();
    let pending = use_context::<PendingEdit>();
    let dom_id = format!("f-{}-{year}-stage", ind.id);
    let current = Memo::new(move |_| app.dataset.with(|d| d.entry(&ind.id, year).and_then(|e| e.stage)));
    let form = ind.id.clone();
    view! {
        <td class="cell">
            <label for=dom_id.clone() class="sr-only">{format!("{} {} 年 进展阶段", ind.name, year)}</label>
            <select id=dom_id data-testid=format!("input-{}-{year}-stage", ind.id) data-nav=idx.to_string()
                disabled=move || app.dataset.with(|d| lishu_core::review::is_locked(d, &ind.id, year))
                // Read from the data itself (not the memo), so that a cancelled confirmation shows the stored stage again.
                prop:value=move || app.dataset.with(|d| d.entry(&ind.id, year).and_then(|e| e.stage)).map(stage_key).unwrap_or("")
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let stage = Stage::ALL.into_iter().find(|s| stage_key(*s) == v);
                    dispatch_entry(app, pending, Edit::Stage { indicator: ind.id.clone(), year, stage });
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        focus_next(&form, idx);
                    }
                }>
                <option value="" selected=move || current.get().is_none()>"（未填）"</option>
                {Stage::ALL.into_iter().map(|s| view! {
                    <option value=stage_key(s) selected=move || current.get() == Some(s)>{s.label()}</option>
                }).collect_view()}
            </select>
        </td>
    }
}

/// The locked years of the indicator, and (for the office) unlocking one with a reason.
#[component]
fn Locks(ind: &'static Indicator) -> impl IntoView {
    let app = use_app();
    let locks = Memo::new(move |_| {
        app.dataset.with(|d| d.locks.get(&ind.id).map(|m| m.iter().map(|(y, l)| (*y, l.clone())).collect::<Vec<_>>()).unwrap_or_default())
    });
    let office = move || app.unit.with(|u| u.is_none());
    let reason = RwSignal::new(String::new());
    let year = RwSignal::new(None::<u16>);
    view! {
        {move || (!locks.with(|l| l.is_empty())).then(|| view! {
            <div class="locks" data-testid=format!("locks-{}", ind.id)>
                <p>{move || locks.with(|l| format!("已审核锁定的年份：{}（不能修改；如需更正，由妇儿工委办写明理由解锁，解锁记入修改记录）。",
                    l.iter().map(|(y, k)| format!("{y} 年（{}，{}）", k.unit, lishu_core::io::time::short_time(&k.at))).collect::<Vec<_>>().join("、")))}</p>
                <Show when=office>
                    <div class="row">
                        <label class="field"><span>"解锁年份"</span>
                            <select data-testid=format!("unlock-year-{}", ind.id) on:change=move |ev| year.set(event_target_value(&ev).parse().ok())>
                                <option value="">"（选择）"</option>
                                {move || locks.get().into_iter().map(|(y, _)| view! { <option value=y.to_string()>{format!("{y} 年")}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field"><span>"解锁理由"</span>
                            <input type="text" data-testid=format!("unlock-reason-{}", ind.id) prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))/>
                        </label>
                        <button type="button" data-testid=format!("unlock-{}", ind.id) on:click=move |_| {
                            let Some(y) = year.get_untracked() else {
                                app.notify(crate::storage::Notice::error("请先选择要解锁的年份"));
                                return;
                            };
                            let why = reason.get_untracked();
                            if app.dispatch(Edit::Unlock { indicator: ind.id.clone(), year: y, reason: why }).is_ok() {
                                reason.set(String::new());
                            }
                        }>"解锁"</button>
                    </div>
                </Show>
            </div>
        })}
    }
}

/// The change log of the indicator, newest first.
#[component]
fn IndicatorLog(ind: &'static Indicator) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let lines = Memo::new(move |_| {
        app.dataset.with(|d| lishu_core::review::log_of(d, cat, Some(&ind.id), None).iter().rev().map(|e| lishu_core::review::log_line(cat, e)).collect::<Vec<_>>())
    });
    view! {
        <details class="indicator-log" data-testid=format!("log-{}", ind.id)>
            <summary>{move || format!("修改记录（{} 条）", lines.with(|l| l.len()))}</summary>
            {move || if lines.with(|l| l.is_empty()) {
                view! { <p class="muted">"暂无记录。"</p> }.into_any()
            } else {
                view! { <ul>{lines.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
            }}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lishu_core::dataset::YearEntry;
    use lishu_core::Dataset;

    #[test]
    fn stage_keys_are_the_data_file_names() {
        for s in Stage::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", stage_key(s)));
        }
    }

    #[test]
    fn explanation_rows_of_measurable_indicators_and_milestones() {
        let cat = lishu_core::Catalogue::embedded();
        let rate = cat.indicator("W1-4-2").expect("W1-4-2").indicator;
        let rows = explanation_rows(rate);
        let heads: Vec<&str> = rows.iter().map(|r| r.0).collect();
        assert_eq!(heads, ["定义", "计算方法", "计量单位", "资料来源"]);
        assert_eq!(rows[1].1, rate.formula);
        assert_eq!(rows[2].1, "/10万");
        let mut no_unit = rate.clone();
        no_unit.unit.clear();
        no_unit.source.clear();
        let rows = explanation_rows(&no_unit);
        assert_eq!((rows[2].1.as_str(), rows[3].1.as_str()), ("—", "—"));
        let m = cat.indicator("W1-1-2").expect("W1-1-2").indicator;
        let rows = explanation_rows(m);
        let heads: Vec<&str> = rows.iter().map(|r| r.0).collect();
        assert_eq!(heads, ["计算方法", "佐证材料要求"]);
        assert!(rows[0].1.contains("推进中"));
        assert_eq!(rows[1].1, m.evidence_hint);
    }

    #[test]
    fn computed_value_text() {
        let cat = lishu_core::Catalogue::embedded();
        let ind = cat.indicators().into_iter().find(|r| r.indicator.entry == Entry::Rate).unwrap().indicator;
        let mut ds = Dataset::default();
        ds.set_entry(&ind.id, 2021, YearEntry { numerator: "3".into(), denominator: "4".into(), ..Default::default() });
        let c = check_year(cat, ind, &ds, 2021);
        let t = computed_text(ind, &c);
        assert!(t.contains("3 ÷ 4"), "{t}");
        ds.set_entry(&ind.id, 2021, YearEntry { numerator: "x".into(), denominator: "4".into(), ..Default::default() });
        assert_eq!(computed_text(ind, &check_year(cat, ind, &ds, 2021)), "有误，未计算");
    }

    #[test]
    fn small_counts_are_noted_beside_the_computed_value() {
        let cat = lishu_core::Catalogue::embedded();
        let mmr = cat.indicator("W1-4-2").expect("W1-4-2").indicator;
        let mut ds = Dataset::default();
        let mut note = |n: &str, ind: &Indicator| {
            ds.set_entry(&ind.id, 2025, YearEntry { numerator: n.into(), denominator: "2000".into(), ..Default::default() });
            small_count_note(cat, ind, &check_year(cat, ind, &ds, 2025))
        };
        assert_eq!(note("1", mmr).as_deref(), Some("事件数 1，少于 20：单年比率不稳定，评估时参考近三年合并率"));
        assert_eq!(note("20", mmr), None);
        // A coverage share is not an event rate.
        let share = cat.indicator("W1-4-1").expect("W1-4-1").indicator;
        assert_eq!(note("1", share), None);
    }
}
