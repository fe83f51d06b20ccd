//! 评估报告: choose the report (年度 / 中期 / 终期, years from the catalogue), plan and unit (or 全区) and render
//! the core's report outline (`lishu_core::report::outline`, the same blocks the Word file and the command
//! line's HTML are written from) as semantic HTML laid out for A4 printing (style/report.css). The editable
//! blocks (工作措施与成效, 原因分析, 对策建议) are editors saved into the dataset under their report's key. The
//! chosen report type and plan are kept in the preferences. User text is only ever rendered as text (Leptos
//! escapes it).

use super::chart::Chart;
use super::state::use_app;
use crate::charts;
use leptos::prelude::*;
use lishu_core::catalogue::Plan;
use lishu_core::eval::{evaluate, Status};
use lishu_core::report::document::{
    document_file_name, document_spec, report_document, Block, Cell, ChartKind, ChartPng, PlanChoice, DEMO_NOTE,
};
use lishu_core::report::html::heading_tag;
use lishu_core::edit::Edit;
use lishu_core::report::{build_report, Report, ReportKind, TextPart, WHOLE_DISTRICT};

use super::clock::today;
use super::files::{download_bytes, write_docx, DOCX_MIME};
use crate::storage::Notice;

/// The chart of a report as drawn on screen and in Word (title from the core's [`ChartKind`]).
fn chart_of(r: &Report, kind: ChartKind) -> charming::Chart {
    match kind {
        ChartKind::StatusMix => charts::status_mix(&r.summary.rollup, kind.title()),
        ChartKind::DomainAttainment => {
            let rollups: Vec<_> = r.domains.iter().map(|d| d.rollup.clone()).collect();
            charts::domain_attainment(&rollups, kind.title())
        }
    }
}

/// A chart of a report drawn as a picture for its Word document.
fn report_chart_png(r: &Report, kind: ChartKind) -> Option<ChartPng> {
    let (w, h) = kind.size();
    super::chart::chart_png(&chart_of(r, kind), w, h)
}

/// Select value of a report kind: "annual", "midterm", "final".
fn kind_value(k: ReportKind) -> &'static str {
    match k {
        ReportKind::Annual(_) => "annual",
        ReportKind::MidTerm => "midterm",
        ReportKind::Final => "final",
    }
}

fn parse_kind(v: &str, year: u16) -> ReportKind {
    match v {
        "midterm" => ReportKind::MidTerm,
        "final" => ReportKind::Final,
        _ => ReportKind::Annual(year),
    }
}

/// Paragraphs of a user text (blank lines and line breaks both split).
fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

/// The test id of an editable block's editor: "measures-input", "causes-input", "suggestions-input".
fn part_id(part: TextPart) -> &'static str {
    match part {
        TextPart::Measures => "measures",
        TextPart::Causes => "causes",
        TextPart::Suggestions => "suggestions",
    }
}

/// Escapes text for a CSS string literal in double quotes.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\A "),
            '<' => out.push_str("\\3C "),
            '>' => out.push_str("\\3E "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The print page rules carrying the running header (district, plan, year, unit, date) and page numbers.
pub fn page_css(running: &str) -> String {
    format!(
        "@page {{ @top-left {{ content: {}; font-size: 8.5pt; color: #444; }} \
         @bottom-center {{ content: \"第 \" counter(page) \" 页\"; font-size: 8.5pt; color: #444; }} }}",
        css_string(running)
    )
}

fn status_cell(s: Status) -> impl IntoView {
    view! {
        <span class="status" data-status=format!("{s:?}")>
            <span class="swatch" style=format!("background:{}", s.color()) aria-hidden="true"></span>
            {s.label()}
        </span>
    }
}

fn cell_view(c: &Cell, keep: bool) -> impl IntoView {
    let class = if keep { "keep" } else { "" };
    match c.status {
        Some(s) => view! { <td class=class>{status_cell(s)}</td> }.into_any(),
        None => view! { <td class=class>{c.text.clone()}</td> }.into_any(),
    }
}

fn table_view(caption: &str, header: &[String], keep: &[bool], rows: &[Vec<Cell>]) -> impl IntoView {
    let k = |i: usize| keep.get(i).copied().unwrap_or(false);
    view! {
        <table class="data-table report-table" data-testid="report-table">
            <caption>{caption.to_string()}</caption>
            <thead><tr>
                {header.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.iter().map(|r| view! {
                    <tr>{r.iter().enumerate().map(|(i, c)| cell_view(c, k(i))).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// An editable block: its text for print, and an editor saved into the dataset under the block's key (the
/// key names the report: plan, type, unit).
#[component]
fn EditableBlock(part: TextPart, key: String, title: String, placeholder: String) -> impl IntoView {
    let app = use_app();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let stored_key = key.clone();
    let stored = Memo::new(move |_| app.dataset.with(|d| d.texts.get(&stored_key).cloned().unwrap_or_default()));
    // Show the stored text in the editor: on mount and after undo or an import. While typing the stored text
    // equals the editor's, so nothing is touched (blank text is not stored, hence the trimmed comparison).
    Effect::new(move |_| {
        let text = stored.get();
        if let Some(el) = textarea.get() {
            if el.value().trim() != text.trim() {
                el.set_value(&text);
            }
        }
    });
    let id = part_id(part);
    let input_id = format!("report-{id}-input");
    let missing = part.missing();
    let data_key = key.clone();
    view! {
        <div class="report-editable" data-testid=format!("{id}-block") data-key=data_key>
            <div class="print-only editable-text" data-testid=format!("{id}-print")>
                {move || stored.with(|t| if t.trim().is_empty() {
                    view! { <p class="muted">{missing.clone()}</p> }.into_any()
                } else {
                    paragraphs(t).into_iter().map(|p| view! { <p>{p}</p> }).collect_view().into_any()
                })}
            </div>
            <div class="report-editor no-print" data-testid=format!("{id}-editor")>
                <label for=input_id.clone()><strong>{format!("编辑“{title}”")}</strong>
                    <span class="muted">" （自动保存到当前数据集，随数据一起导出；只属于当前选择的报告）"</span>
                </label>
                <textarea
                    id=input_id
                    data-testid=format!("{id}-input")
                    rows="8"
                    node_ref=textarea
                    placeholder=placeholder
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        // One undo step per editing session of this text (the core's edit path); autosaved.
                        let _ = app.dispatch(Edit::Text { key: key.clone(), label: format!("编辑{}", part.label()), text });
                    }
                ></textarea>
            </div>
        </div>
    }
}

/// One block of the outline on screen.
fn block_view(b: &Block, spec_headings: &[(u8, String)], report: Memo<Report>) -> AnyView {
    match b {
        Block::Title { text } => view! { <h2 class="report-title" data-testid="report-title">{text.clone()}</h2> }.into_any(),
        Block::Subtitle { text } => view! { <p class="report-sub">{text.clone()}</p> }.into_any(),
        Block::Part { text } => view! { <h2 class="report-part">{text.clone()}</h2> }.into_any(),
        Block::Note { text } => {
            let id = if text == DEMO_NOTE { "report-demo-note" } else { "report-note" };
            view! { <p class="notice" role="note" data-testid=id>{text.clone()}</p> }.into_any()
        }
        Block::Contents => view! {
            <nav class="report-contents" aria-label="目录" data-testid="report-contents">
                <h3>"目　录"</h3>
                {spec_headings.iter().map(|(l, t)| view! { <p class=format!("toc{}", l.clamp(&1, &3))>{t.clone()}</p> }).collect_view()}
            </nav>
        }
        .into_any(),
        Block::Heading { level, text } => {
            let class = format!("report-h{}", level.clamp(&1, &3));
            match heading_tag(*level) {
                "h2" => view! { <h3 class=class data-testid="report-heading">{text.clone()}</h3> }.into_any(),
                "h3" => view! { <h4 class=class data-testid="report-heading">{text.clone()}</h4> }.into_any(),
                _ => view! { <h5 class=class data-testid="report-heading">{text.clone()}</h5> }.into_any(),
            }
        }
        Block::Paragraph { lead, text } => {
            view! { <p>{(!lead.is_empty()).then(|| view! { <strong>{lead.clone()}</strong> })}{text.clone()}</p> }.into_any()
        }
        Block::Placeholder { text } => view! { <p class="muted">{text.clone()}</p> }.into_any(),
        Block::Table { caption, header, keep, rows, .. } => table_view(caption, header, keep, rows).into_any(),
        Block::Chart { chart, caption, height_px, .. } => {
            let kind = *chart;
            let signal = Signal::derive(move || report.with(|r| chart_of(r, kind)));
            view! {
                <figure class="report-chart" data-testid="report-chart">
                    <Chart chart=signal id=format!("report-chart-{}", kind.key()) height=format!("{height_px}px") />
                    <figcaption>{caption.clone()}</figcaption>
                </figure>
            }
            .into_any()
        }
        Block::Editable { part, key, title, placeholder, .. } => {
            view! { <EditableBlock part=*part key=key.clone() title=title.clone() placeholder=placeholder.clone() /> }.into_any()
        }
        Block::PageBreak => view! { <div class="page-break" aria-hidden="true"></div> }.into_any(),
    }
}

#[component]
pub fn ReportView() -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let period = cat.period;
    let session = super::session::use_session();
    let (saved_kind, saved_plan) = session.map(|s| s.report_choice()).unwrap_or((None, None));
    let saved_kind = saved_kind.map(|k| match k {
        ReportKind::Annual(y) => ReportKind::Annual(period.clamp(y).max(period.first)),
        k => k,
    });
    let kind = RwSignal::new(saved_kind.unwrap_or_else(|| ReportKind::Annual(app.year.get_untracked().max(period.first))));
    let plan = RwSignal::new(saved_plan.unwrap_or(Plan::Women));
    // The chosen report stays chosen when the user leaves the tab and comes back (preferences).
    Effect::new(move |_| {
        let (k, p) = (kind.get(), plan.get());
        if let Some(s) = session {
            s.remember_report(k, p);
        }
    });
    let unit = RwSignal::new(app.unit.get_untracked());
    // Follow the app's unit mode when it changes (the selector below can still pick another scope).
    Effect::new(move |_| unit.set(app.unit.get()));
    let date = today();

    // The evaluation as of the report's year (reuses the app's evaluation when the years agree).
    let evaluation = Memo::new(move |_| {
        let y = kind.get().year(period);
        if app.year.get() == y {
            app.evaluation.get()
        } else {
            app.dataset.with(|d| evaluate(cat, d, y))
        }
    });
    let report = Memo::new(move |_| {
        let (k, p, u) = (kind.get(), plan.get(), unit.get());
        let mut r = evaluation
            .with(|ev| app.dataset.with(|ds| build_report(cat, ds, ev, k, p, u.as_deref())))
            .with_date(date.clone());
        // The editable texts are shown by their own editors, so typing does not re-render the whole report.
        for t in &mut r.texts {
            t.text.clear();
        }
        r
    });
    // The outline of the chosen report: the same blocks the Word document and the HTML are written from.
    let outline = Memo::new(move |_| {
        report.with(|r| document_spec(cat, r.header.kind, PlanChoice::One(r.header.plan), std::slice::from_ref(r), &mut |_, _| None))
    });
    // Every unit of the list (as in the header's unit mode): a unit that only co-operates has a report too.
    let units = app.units;
    let running = Memo::new(move |_| {
        report.with(|r| {
            let h = &r.header;
            let mut running = format!("{} · {} · {}年 · {} · {}", h.district, h.plan_name, h.year, h.scope, h.date);
            if h.demo {
                running.push_str(" · 演示数据");
            }
            running
        })
    });

    // 导出 Word: the document of the chosen report (or both plans), with the charts as pictures, written by
    // the file module (loaded on first use) and downloaded as "<规划><报告>.docx".
    let word_busy = RwSignal::new(false);
    let export_word = move |both: bool| {
        if word_busy.get_untracked() {
            return;
        }
        word_busy.set(true);
        let (k, u) = (kind.get_untracked(), unit.get_untracked());
        let choice = if both { PlanChoice::Both } else { PlanChoice::One(plan.get_untracked()) };
        let mut spec =
            app.dataset.with_untracked(|d| report_document(cat, d, k, choice, u.as_deref(), &today(), &mut report_chart_png));
        spec.created = super::clock::beijing_now();
        let name = document_file_name(cat, k, choice, u.as_deref());
        leptos::task::spawn_local(async move {
            match write_docx(&spec).await.and_then(|bytes| download_bytes(&name, DOCX_MIME, &bytes)) {
                Ok(()) => app.notify(Notice::info(format!(
                    "已导出 Word 报告“{name}”：请在 WPS/Word 中补写标有【待填写】的部分，并更新目录的页码。"
                ))),
                Err(e) => app.notify(Notice::error(format!("无法生成 Word 报告“{name}”：{e}"))),
            }
            word_busy.set(false);
        });
    };

    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <section class="report-view" data-testid="report">
            <h2 class="no-print">"评估报告"</h2>
            <div class="filters no-print" role="group" aria-label="报告设置">
                <label>"报告类型 "
                    <select data-testid="report-kind"
                        prop:value=move || kind_value(kind.get())
                        on:change=move |ev| {
                            let y = match kind.get_untracked() { ReportKind::Annual(y) => y, _ => app.year.get_untracked().max(period.first) };
                            kind.set(parse_kind(&event_target_value(&ev), y));
                        }>
                        <option value="annual">"年度监测报告"</option>
                        <option value="midterm">{ReportKind::MidTerm.label_with_year(period)}</option>
                        <option value="final">{ReportKind::Final.label_with_year(period)}</option>
                    </select>
                </label>
                <Show when=move || matches!(kind.get(), ReportKind::Annual(_))>
                    <label>"年度 "
                        <select data-testid="report-year"
                            prop:value=move || kind.get().year(period).to_string()
                            on:change=move |ev| {
                                if let Ok(y) = event_target_value(&ev).parse::<u16>() {
                                    kind.set(ReportKind::Annual(y));
                                }
                            }>
                            {(period.first..=period.last).map(|y| view! { <option value=y.to_string()>{format!("{y}年")}</option> }).collect_view()}
                        </select>
                    </label>
                </Show>
                <label>"规划 "
                    <select data-testid="report-plan"
                        prop:value=move || plan.get().key()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            plan.set(Plan::ALL.into_iter().find(|p| p.key() == v).unwrap_or(Plan::Women));
                        }>
                        {cat.plans.iter().map(|p| view! { <option value=p.plan.key()>{p.short.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"范围 "
                    <select data-testid="report-unit"
                        prop:value=move || unit.get().unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            unit.set((!v.is_empty()).then_some(v));
                        }>
                        <option value="">{format!("{WHOLE_DISTRICT}（全部指标）")}</option>
                        {move || units.get().into_iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" data-testid="print-button" on:click=print>"打印 / 导出PDF"</button>
                <button type="button" data-testid="word-button" disabled=move || word_busy.get()
                    on:click=move |_| export_word(false)>
                    {move || if word_busy.get() { "正在生成 Word…" } else { "导出 Word（.docx）" }}
                </button>
                <button type="button" data-testid="word-both-button" disabled=move || word_busy.get()
                    title="妇女、儿童两部规划的同一报告合为一个 Word 文档"
                    on:click=move |_| export_word(true)>"导出 Word（两部规划）"</button>
            </div>

            <article class="report-doc" data-testid="report-document">
                // Running header and page numbers on every printed page (@page margin boxes). The text is put in a
                // CSS string with `css_string` escaping and set as the style element's text, never as HTML.
                <style>{move || page_css(&running.get())}</style>
                {move || outline.with(|o| {
                    let headings = o.headings();
                    o.blocks.iter().map(|b| block_view(b, &headings, report)).collect_view()
                })}
            </article>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_string_escapes_quotes_backslashes_newlines_and_tags() {
        assert_eq!(css_string("梨树区 · 2024年"), "\"梨树区 · 2024年\"");
        assert_eq!(css_string("a\"b"), "\"a\\\"b\"");
        assert_eq!(css_string("a\\b"), "\"a\\\\b\"");
        assert_eq!(css_string("x\ny"), "\"x\\A y\"");
        assert_eq!(css_string("</style><b>"), "\"\\3C /style\\3E \\3C b\\3E \"");
        let css = page_css("单位\"};body{display:none}");
        assert!(css.contains("\"单位\\\"};body{display:none}\""), "{css}");
        assert!(css.contains("counter(page)"));
    }

    #[test]
    fn paragraphs_keep_text_and_drop_blank_lines() {
        assert_eq!(paragraphs("一、加强\n\n  二、<b>落实</b>  \n"), vec!["一、加强".to_string(), "  二、<b>落实</b>".to_string()]);
    }
}
