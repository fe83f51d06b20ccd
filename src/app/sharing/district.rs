//! District view after merging: completeness (lead unit × indicator × year reported) and the record of
//! superseded values (values replaced by an import or not chosen in a conflict).

use super::import_view::when;
use crate::app::state::use_app;
use leptos::prelude::*;
use lishu_core::completeness::Completeness;
use lishu_core::edit::Edit;
use lishu_core::io::entry_summary;
use lishu_core::{Catalogue, Dataset};

/// Percentage text of reported / expected ("—" when nothing is expected).
pub fn percent(reported: usize, expected: usize) -> String {
    if expected == 0 {
        "—".into()
    } else {
        format!("{:.0}%", reported as f64 * 100.0 / expected as f64)
    }
}

/// One row of the superseded list, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct SupersededRow {
    pub indicator: String,
    pub year: u16,
    pub value: String,
    pub unit: String,
    pub reason: String,
    pub at: String,
}

/// The superseded values of a dataset as display rows, newest first.
pub fn superseded_rows(ds: &Dataset, cat: &Catalogue) -> Vec<SupersededRow> {
    let mut rows: Vec<SupersededRow> = ds
        .superseded
        .iter()
        .map(|s| SupersededRow {
            indicator: s.indicator.clone(),
            year: s.year,
            value: entry_summary(cat.indicator(&s.indicator).map(|r| r.indicator), &s.entry),
            unit: s.entry.unit.clone(),
            reason: s.reason.clone(),
            at: s.at.clone(),
        })
        .collect();
    rows.reverse();
    rows
}

#[component]
pub fn DistrictPanel() -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let completeness = Memo::new(move |_| app.dataset.with(|d| Completeness::of(d, cat)));
    let superseded = Memo::new(move |_| app.dataset.with(|d| superseded_rows(d, cat)));
    view! {
        <section class="panel sharing-district" data-testid="sharing-district">
            <h3>{format!("{}级汇总：各单位报送情况", lishu_core::review::level(cat))}</h3>
            <p class="muted small">{format!("按牵头单位统计 {} 年各指标是否已有数据（导入各单位文件后即更新）。展开单位可查看每个指标每年的报送情况。", cat.period.data_range())}</p>
            <table class="grid small completeness" data-testid="completeness-table">
                <thead><tr><th>"牵头单位"</th><th>"指标数"</th><th>"已报送（指标×年度）"</th><th>"完成率"</th>
                    <th>{move || format!("{}年报送审核", app.year.get())}</th></tr></thead>
                <tbody>
                    {move || completeness.get().units.into_iter().map(|u| {
                        let state = app.dataset.with(|d| lishu_core::review::state_label(lishu_core::review::review_of(d, &u.unit, app.year.get())));
                        view! {
                        <tr data-testid=format!("completeness-{}", u.unit)>
                            <td>{u.unit.clone()}</td>
                            <td>{u.rows.len()}</td>
                            <td>{format!("{} / {}", u.reported(), u.expected())}</td>
                            <td>{percent(u.reported(), u.expected())}</td>
                            <td>{state}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <div class="completeness-details">
                {move || completeness.get().units.into_iter().map(|u| view! {
                    <details>
                        <summary>{format!("{}：{} / {}（{}）", u.unit, u.reported(), u.expected(), percent(u.reported(), u.expected()))}</summary>
                        <table class="grid small">
                            <thead><tr><th>"指标"</th>{cat.period.years().map(|y| view! { <th>{y}</th> }).collect_view()}</tr></thead>
                            <tbody>{u.rows.into_iter().map(|r| view! {
                                <tr>
                                    <td>{format!("{}（{}）", r.name, r.id)}</td>
                                    {r.years.into_iter().map(|c| {
                                        let (class, mark) = if c.reported { ("ok", "✓") } else { ("missing", "—") };
                                        let title = if c.reported && !c.by.is_empty() { format!("{} 年由{}报送", c.year, c.by) } else if c.reported { format!("{} 年已报送", c.year) } else { format!("{} 年未报送", c.year) };
                                        view! { <td class=class title=title>{mark}</td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </details>
                }).collect_view()}
            </div>
            <ReviewPanel/>
            <LogPanel/>
            <h3>"被替换数值记录"</h3>
            <p class="muted small">"导入时被更新的原值、冲突中未选用的数值都保存在这里（随数据一起导出和备份）。"</p>
            <div data-testid="superseded-list">
                {move || {
                    let rows = superseded.get();
                    if rows.is_empty() {
                        return view! { <p class="muted">"暂无记录。"</p> }.into_any();
                    }
                    view! {
                        <table class="grid small superseded">
                            <thead><tr><th>"指标"</th><th>"年份"</th><th>"被替换的数值"</th><th>"录入单位"</th><th>"原因"</th><th>"时间"</th></tr></thead>
                            <tbody>{rows.into_iter().map(|r| view! {
                                <tr>
                                    <td>{cat.indicator_label(&r.indicator)}</td>
                                    <td>{r.year}</td>
                                    <td>{r.value}</td>
                                    <td>{if r.unit.trim().is_empty() { "未注明".to_string() } else { r.unit }}</td>
                                    <td>{r.reason}</td>
                                    <td>{when(&r.at)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </div>
        </section>
    }
}

/// 报送审核: each unit's state per year; the office accepts (the year's values lock) or returns with a
/// reason what a unit submitted.
#[component]
fn ReviewPanel() -> impl IntoView {
    use lishu_core::review::{review_of, state_label, ReviewState};
    let app = use_app();
    let cat = app.cat;
    let office = move || app.unit.with(|u| u.is_none());
    let units = Memo::new(move |_| {
        app.dataset.with(|d| {
            d.unit_list(cat)
                .into_iter()
                .filter(|u| cat.indicators().iter().any(|r| d.is_unit_indicator(r.indicator, u)))
                .collect::<Vec<_>>()
        })
    });
    let reason = RwSignal::new(String::new());
    view! {
        <h3>"报送审核"</h3>
        <p class="muted small">"各单位提交某一年的数据后，妇儿工委办核对无误点“审核通过”（该单位该年度的数值随即锁定），有问题写明理由“退回”。"
            "单位的数据文件导入后，其报送状态随之更新。"</p>
        <label class="field wide"><span>"退回理由（点“退回”前填写）"</span>
            <input type="text" data-testid="return-reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
        </label>
        <div class="table-scroll">
        <table class="grid small reviews" data-testid="review-table">
            <thead><tr><th scope="col">"单位"</th>{cat.period.years().map(|y| view! { <th scope="col">{format!("{y}年")}</th> }).collect_view()}</tr></thead>
            <tbody>
                {move || units.get().into_iter().map(|u| {
                    let cells = cat.period.years().map(|y| {
                        let r = app.dataset.with(|d| review_of(d, &u, y).cloned());
                        let submitted = r.as_ref().map(|r| r.state) == Some(ReviewState::Submitted);
                        let title = r.as_ref().map(|r| if r.reason.is_empty() { format!("{} {}", r.by, when(&r.at)) } else { format!("退回理由：{}", r.reason) }).unwrap_or_default();
                        let (ua, ur) = (u.clone(), u.clone());
                        view! {
                            <td data-testid=format!("review-{u}-{y}") title=title>
                                <span>{state_label(r.as_ref())}</span>
                                {(submitted && office()).then(|| view! {
                                    <button type="button" class="small" data-testid=format!("accept-{ua}-{y}") on:click=move |_| {
                                        let u = ua.clone();
                                        let next = crate::app::help::after_accept(&u);
                                        let _ = app.dispatch_then(Edit::Accept { unit: u, year: y }, next);
                                    }>"审核通过"</button>
                                    <button type="button" class="small" data-testid=format!("return-{ur}-{y}") on:click=move |_| {
                                        let u = ur.clone();
                                        let why = reason.get_untracked();
                                        let next = crate::app::help::after_return(&u);
                                        let _ = app.dispatch_then(Edit::Return { unit: u, year: y, reason: why }, next);
                                    }>"退回"</button>
                                })}
                            </td>
                        }
                    }).collect_view();
                    view! { <tr><th scope="row">{u.clone()}</th>{cells}</tr> }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// 修改记录 of the data, newest first, optionally of one unit.
#[component]
fn LogPanel() -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let unit = RwSignal::new(String::new());
    let units = Memo::new(move |_| app.dataset.with(|d| d.unit_list(cat)));
    let lines = Memo::new(move |_| {
        let u = unit.get();
        app.dataset.with(|d| {
            let mut v: Vec<String> = d
                .log_trimmed
                .iter()
                .map(|t| format!("（{} 条更早的记录（至 {}）已于 {} 移出修改记录，见当时导出的备份文件）", t.count, when(&t.until), when(&t.at)))
                .collect();
            let entries = lishu_core::review::log_of(d, cat, None, (!u.is_empty()).then_some(u.as_str()));
            v.extend(entries.iter().rev().take(500).map(|e| lishu_core::review::log_line(cat, e)));
            (v, entries.len())
        })
    });
    view! {
        <details class="log-panel" data-testid="log-panel">
            <summary>{move || format!("修改记录（{} 条）", lines.with(|l| l.1))}</summary>
            <label class="field"><span>"单位"</span>
                <select data-testid="log-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {move || units.get().into_iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                </select>
            </label>
            <p class="muted small">{format!("每次数值改动（录入、导入、合并、撤销、恢复快照）和审核操作都有记录，随数据文件导出；最多保留 {} 条，超出时最早的记录移出并在此注明。", lishu_core::review::MAX_LOG)}</p>
            <ul data-testid="log-lines">{move || lines.get().0.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </details>
    }
}
