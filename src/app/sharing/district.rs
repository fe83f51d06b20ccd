//! District view after merging: completeness (lead unit × indicator × year reported) and the record of
//! superseded values (values replaced by an import or not chosen in a conflict).

use super::import_view::when;
use crate::app::state::use_app;
use leptos::prelude::*;
use lishu_core::completeness::Completeness;
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
            <h3>"区级汇总：各单位报送情况"</h3>
            <p class="muted small">{format!("按牵头单位统计 {} 年各指标是否已有数据（导入各单位文件后即更新）。展开单位可查看每个指标每年的报送情况。", cat.period.data_range())}</p>
            <table class="grid small completeness" data-testid="completeness-table">
                <thead><tr><th>"牵头单位"</th><th>"指标数"</th><th>"已报送（指标×年度）"</th><th>"完成率"</th></tr></thead>
                <tbody>
                    {move || completeness.get().units.into_iter().map(|u| view! {
                        <tr data-testid=format!("completeness-{}", u.unit)>
                            <td>{u.unit.clone()}</td>
                            <td>{u.rows.len()}</td>
                            <td>{format!("{} / {}", u.reported(), u.expected())}</td>
                            <td>{percent(u.reported(), u.expected())}</td>
                        </tr>
                    }).collect_view()}
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
