//! Export: a unit's (or the whole district's) data file, checked first with `io::export_check`, and the
//! evaluation table as CSV.

use crate::app::clock::beijing_now;
use super::excel;
use crate::app::files::{download, download_bytes};
use crate::app::help::{EXPORT_BUTTON, EXPORT_UNIT_BUTTON};
use crate::app::state::use_app;
use crate::app::session::use_session;
use crate::storage::Notice;
use leptos::prelude::*;
use lishu_core::io::{self, unit_view};
use lishu_core::{Catalogue, Dataset, Evaluation};

/// The Excel files of the export panel.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ExcelFile {
    /// The evaluation table of the assessed year.
    Evaluation,
    /// The chosen unit's fill-in template.
    Template,
}

/// Label of the whole-district choice ("" unit).
pub const DISTRICT_LABEL: &str = "全区（全部数据，即完整备份）";

/// A problem the receiver would report for the file about to be exported.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportProblem {
    pub indicator: Option<String>,
    pub message: String,
}

/// What exporting `unit` would write.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPlan {
    pub unit: String,
    pub file_name: String,
    /// Indicators with data in the file.
    pub indicators: usize,
    /// Indicator-years holding data.
    pub rows: usize,
    pub problems: Vec<ExportProblem>,
}

/// Runs the import checks on what would be exported (nothing is written).
pub fn plan_export(cat: &Catalogue, ds: &Dataset, unit: &str, at: &str) -> ExportPlan {
    let view = unit_view(ds, unit, cat);
    let report = io::export_check(ds, unit, at, cat);
    let mut problems: Vec<ExportProblem> = report
        .errors
        .iter()
        .map(|e| ExportProblem { indicator: e.indicator.clone(), message: e.message(cat) })
        .collect();
    if !report.accepted && problems.is_empty() {
        problems.push(ExportProblem { indicator: None, message: "导出的文件无法通过导入检查".into() });
    }
    ExportPlan {
        unit: unit.trim().to_string(),
        file_name: io::export_file_name(cat, unit, at),
        indicators: view.data.len(),
        rows: view.filled_count(),
        problems,
    }
}

/// File name and text of a data file for `unit` ("" = the whole district: sealed with this browser's office
/// key, so that this browser recognises it as its own backup); with the catalogue in use written into the
/// file when `carry` (附带目标目录, for reporting upward to the city: `io::carried`).
pub fn export_json(cat: &Catalogue, ds: &Dataset, unit: &str, at: &str, carry: bool) -> (String, String) {
    let key = super::flow::office_key();
    (io::export_file_name(cat, unit, at), io::export_dataset_with(ds, unit, at, cat, key.as_deref(), carry))
}

/// File name and text (UTF-8 with BOM) of the evaluation table of the assessed year.
pub fn export_csv(cat: &Catalogue, ds: &Dataset, ev: &Evaluation, year: u16, at: &str) -> (String, String) {
    (io::evaluation_file_name(cat, year, at, "csv"), io::evaluation_csv(cat, ds, ev))
}

#[component]
pub fn ExportPanel() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    // The chosen unit; defaults to the unit mode.
    let unit = RwSignal::new(app.unit.get_untracked().unwrap_or_default());
    // 附带目标目录: write the catalogue in use into the data file (for the city's 市级汇总).
    let carry = RwSignal::new(false);
    // Problems found when the user asked to export (shown until fixed, exported anyway, or dismissed).
    let pending = RwSignal::new(None::<ExportPlan>);
    let cat = app.cat;
    let units = Memo::new(move |_| app.dataset.with(|d| d.unit_list(cat)));
    let counts = Memo::new(move |_| {
        let u = unit.get();
        app.dataset.with(|d| {
            let v = unit_view(d, &u, cat);
            (v.data.len(), v.filled_count())
        })
    });

    let write = move |u: String| {
        let at = beijing_now();
        let (name, text) = app.dataset.with_untracked(|d| export_json(cat, d, &u, &at, carry.get_untracked()));
        match download(&name, "application/json", &text) {
            Ok(()) => {
                if u.is_empty() {
                    if let Some(s) = session {
                        s.record_backup();
                    }
                }
                app.notify(Notice::info(format!("已导出数据文件“{name}”。")));
            }
            Err(e) => app.notify(Notice::error(e)),
        }
    };
    let export_json_click = move |_| {
        let u = unit.get_untracked();
        let plan = app.dataset.with_untracked(|d| plan_export(cat, d, &u, &beijing_now()));
        if plan.problems.is_empty() {
            pending.set(None);
            write(u);
        } else {
            pending.set(Some(plan));
        }
    };
    let export_csv_click = move |_| {
        let at = beijing_now();
        let year = app.year.get_untracked();
        let ev = app.evaluation.get_untracked();
        let (name, text) = app.dataset.with_untracked(|d| export_csv(cat, d, &ev, year, &at));
        match download(&name, "text/csv;charset=utf-8", &text) {
            Ok(()) => app.notify(Notice::info(format!("已导出评估表“{name}”。"))),
            Err(e) => app.notify(Notice::error(e)),
        }
    };

    // An Excel file being made (the Excel module loads on first use); the button's label while busy.
    let excel_busy = RwSignal::new(false);
    let excel = move |what: ExcelFile| {
        if excel_busy.get_untracked() {
            return;
        }
        excel_busy.set(true);
        let (name, spec) = match what {
            ExcelFile::Evaluation => {
                let year = app.year.get_untracked();
                app.evaluation.with_untracked(|ev| app.dataset.with_untracked(|d| excel::evaluation_spec(cat, d, ev, year)))
            }
            ExcelFile::Template => {
                let u = unit.get_untracked();
                app.dataset.with_untracked(|d| excel::template_spec(cat, d, &u))
            }
        };
        leptos::task::spawn_local(async move {
            let result = excel::write_workbook(&spec).await.and_then(|bytes| download_bytes(&name, excel::XLSX_MIME, &bytes));
            match result {
                Ok(()) => app.notify(Notice::info(match what {
                    ExcelFile::Evaluation => format!("已导出评估表“{name}”。"),
                    ExcelFile::Template => format!("已下载填报模板“{name}”：在 Excel/WPS 中填写黄色单元格，保存后在下方“导入”中选择该文件。"),
                })),
                Err(e) => app.notify(Notice::error(format!("无法生成 Excel 文件“{name}”：{e}"))),
            }
            excel_busy.set(false);
        });
    };

    view! {
        <section class="panel sharing-export" data-testid="sharing-export">
            <h3>"导出"</h3>
            <div class="row">
                <label class="field inline">
                    <span>"导出单位"</span>
                    <select data-testid="export-unit" on:change=move |ev| {
                        unit.set(event_target_value(&ev));
                        pending.set(None);
                    }>
                        <option value="" selected=move || unit.with(|u| u.is_empty())>{DISTRICT_LABEL}</option>
                        {move || units.get().into_iter().map(|u| {
                            let sel = unit.with(|x| x == &u);
                            view! { <option value=u.clone() selected=sel>{u.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" data-testid="export-json" on:click=export_json_click>
                    {move || if app.unit.with(|u| u.is_some()) { EXPORT_UNIT_BUTTON } else { EXPORT_BUTTON }}</button>
                <button type="button" data-testid="export-csv" on:click=export_csv_click>
                    {move || format!("导出 {} 年评估表（CSV）", app.year.get())}</button>
                <button type="button" data-testid="export-xlsx" disabled=move || excel_busy.get()
                    on:click=move |_| excel(ExcelFile::Evaluation)>
                    {move || format!("导出 {} 年评估表（Excel）", app.year.get())}</button>
                <button type="button" data-testid="export-template" disabled=move || excel_busy.get()
                    on:click=move |_| excel(ExcelFile::Template)>"下载填报模板（Excel）"</button>
            </div>
            <label class="check" title="向市、省妇儿工委办报送时勾选：文件中附带本区使用的目标目录，市级汇总时无需另发目录文件">
                <input type="checkbox" data-testid="export-carry" prop:checked=move || carry.get()
                    on:change=move |ev| carry.set(event_target_checked(&ev))/>
                "附带目标目录（向市、省报送时勾选）"
            </label>
            {move || excel_busy.get().then(|| view! {
                <p class="muted small" role="status" data-testid="excel-busy">"正在生成 Excel 文件……"</p>
            })}
            <p class="muted small" data-testid="export-counts">{move || {
                let (n, rows) = counts.get();
                let who = unit.with(|u| if u.is_empty() { "全区".to_string() } else { format!("“{u}”牵头或配合的") });
                format!("将导出{who}指标数据：{n} 个指标，{rows} 个年度数据。单位文件只含本单位牵头或配合的指标；全区文件即完整备份。")
            }}</p>
            {move || pending.get().map(|plan| {
                view! {
                    <div class="export-problems notice warn" role="alert" data-testid="export-problems">
                        <p>{format!("导出前检查发现 {} 处问题，这样的文件区妇儿工委办无法导入。请先改正以下问题，再导出：", plan.problems.len())}</p>
                        <ul>
                            {plan.problems.into_iter().map(|p| {
                                let id = p.indicator.clone();
                                view! {
                                    <li>
                                        <span>{p.message}</span>
                                        {id.map(|id| view! {
                                            <button type="button" class="link" on:click=move |_| app.open_indicator(&id)>"去修改"</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        // No "export anyway": the receiving office would refuse such a file whole.
                        <div class="row">
                            <button type="button" on:click=move |_| pending.set(None)>"知道了，先去改正"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
