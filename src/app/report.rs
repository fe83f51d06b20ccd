//! 评估报告: choose the report (年度 / 中期 / 终期, years from the catalogue), plan and unit (or 全区); render the report as
//! semantic HTML laid out for A4 printing (style/report.css), with an editable 对策建议 saved into the dataset
//! and a print button. All content comes from `lishu_core::report::build_report`; user text is only ever
//! rendered as text (Leptos escapes it).

use super::chart::Chart;
use super::state::use_app;
use crate::charts;
use leptos::prelude::*;
use lishu_core::catalogue::Plan;
use lishu_core::eval::{evaluate, Status};
use lishu_core::report::{
    build_report, count, fmt_rate, fmt_value, suggestions_key, IndicatorRow, ProblemItem, Report,
    ReportKind, WHOLE_DISTRICT,
};

use super::clock::today;
use super::files::{download_bytes, write_docx, DOCX_MIME};
use crate::storage::Notice;
use lishu_core::report::document::{chinese_number, document_file_name, report_document, ChartPng, PlanChoice};

/// The charts of a report drawn as pictures for its Word document (the two charts shown on the page).
fn report_charts(r: &Report) -> Vec<ChartPng> {
    let rollups: Vec<_> = r.domains.iter().map(|d| d.rollup.clone()).collect();
    let mix = charts::status_mix(&r.summary.rollup, "指标状态分布");
    let domains = charts::domain_attainment(&rollups, "各领域目标实现情况");
    [
        super::chart::chart_png(&mix, &format!("图 {}指标状态分布", r.header.plan_name), 720, 320),
        super::chart::chart_png(&domains, &format!("图 {}各领域目标实现情况", r.header.plan_name), 720, 420),
    ]
    .into_iter()
    .flatten()
    .collect()
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

fn problem_list(title: &'static str, testid: &'static str, items: Vec<ProblemItem>) -> impl IntoView {
    view! {
        <section class="problem-group" data-testid=testid>
            <h4>{format!("{title}（{} 项）", items.len())}</h4>
            {if items.is_empty() {
                view! { <p>"无。"</p> }.into_any()
            } else {
                view! {
                    <ol>
                        {items.into_iter().map(|p| view! {
                            <li><strong>{p.heading()}</strong>{p.detail()}</li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// The 本单位 cell of a unit's report (牵头 / 配合); nothing for the whole district.
fn role_cell(r: &IndicatorRow, scoped: bool) -> impl IntoView {
    scoped.then(|| view! { <td data-testid="report-role">{r.role.map(|x| x.label()).unwrap_or("—")}</td> })
}

fn domain_table(rows: Vec<IndicatorRow>, base_year: u16, scoped: bool) -> impl IntoView {
    view! {
        <table class="data-table report-table">
            <thead><tr>
                <th scope="col">"指标"</th>
                {scoped.then(|| view! { <th scope="col">"本单位"</th> })}
                <th scope="col">"目标"</th><th scope="col">{format!("{base_year}年基数")}</th>
                <th scope="col">"现值"</th><th scope="col">"状态"</th><th scope="col">"说明"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-testid=format!("report-row-{}", r.id)>
                        <th scope="row">{format!("{} {}", r.id, r.name)}</th>
                        {role_cell(&r, scoped)}
                        <td>{r.target_label.clone()}</td>
                        <td>{r.base_text.clone()}</td>
                        <td>{r.latest_text.clone()}</td>
                        <td>{status_cell(r.status)}</td>
                        <td>{r.summary.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn appendix_table(rows: Vec<IndicatorRow>, period: lishu_core::catalogue::Period, year: u16, scoped: bool) -> impl IntoView {
    let years: Vec<u16> = period.years().filter(|y| *y <= year).collect();
    let ys = years.clone();
    view! {
        <table class="data-table appendix-table" data-testid="report-appendix">
            <caption>{format!("附录一：全部指标一览（{} 项）", rows.len())}</caption>
            <thead><tr>
                <th scope="col">"编号"</th><th scope="col">"指标"</th><th scope="col">"目标"</th>
                {ys.iter().map(|y| view! { <th scope="col">{format!("{y}年")}</th> }).collect_view()}
                <th scope="col">"状态"</th><th scope="col">"牵头单位"</th>
                {scoped.then(|| view! { <th scope="col">"本单位"</th> })}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let cells: Vec<String> = years.iter().map(|y| {
                        fmt_value(r.series.iter().find(|s| s.0 == *y).and_then(|s| s.1), &r.unit)
                    }).collect();
                    view! {
                        <tr>
                            <th scope="row">{r.id.clone()}</th>
                            <td>{r.name.clone()}</td>
                            <td>{r.target_label.clone()}</td>
                            {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            <td>{r.status.label()}</td>
                            <td>{r.lead_unit.clone()}</td>
                            {role_cell(&r, scoped)}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A catalogue text for a table cell, "—" when there is none.
fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// 附录二：指标解释: what each indicator counts, how and from where; for a qualitative indicator (no
/// definition, formula or source) the evidence that shows its stage, across those three columns.
fn explanation_table(rows: Vec<IndicatorRow>) -> impl IntoView {
    view! {
        <table class="data-table appendix-table explain-table" data-testid="report-explanations">
            <caption>{format!("附录二：指标解释（{} 项）", rows.len())}</caption>
            <thead><tr>
                <th scope="col">"编号"</th><th scope="col">"指标"</th><th scope="col">"定义"</th>
                <th scope="col">"计算方法"</th><th scope="col">"资料来源"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let qualitative = r.definition.trim().is_empty()
                        && r.formula.trim().is_empty()
                        && r.source.trim().is_empty()
                        && !r.evidence_hint.trim().is_empty();
                    view! {
                        <tr data-testid=format!("report-explain-{}", r.id)>
                            <th scope="row">{r.id.clone()}</th>
                            <td>{r.name.clone()}</td>
                            {if qualitative {
                                view! {
                                    <td colspan="3"><span class="muted">"佐证材料要求："</span>{r.evidence_hint.clone()}</td>
                                }.into_any()
                            } else {
                                view! {
                                    <td>{or_dash(&r.definition)}</td>
                                    <td>{or_dash(&r.formula)}</td>
                                    <td>{or_dash(&r.source)}</td>
                                }.into_any()
                            }}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The report header and 摘要.
fn report_head(rep: Report) -> impl IntoView {
    let h = rep.header.clone();
    let s = rep.summary.rollup.clone();
    let mut running = format!("{} · {} · {}年 · {} · {}", h.district, h.plan_name, h.year, h.scope, h.date);
    if h.demo {
        running.push_str(" · 演示数据");
    }
    view! {
            // Running header and page numbers on every printed page (@page margin boxes). The text is put in a
            // CSS string with `css_string` escaping and set as the style element's text, never as HTML.
            <style>{page_css(&running)}</style>
            <header class="report-header">
                <h2 class="report-title" data-testid="report-title">{h.title.clone()}</h2>
                <dl class="report-meta">
                    <div><dt>"地区"</dt><dd>{h.district.clone()}</dd></div>
                    <div><dt>"规划"</dt><dd>{h.plan_name.clone()}</dd></div>
                    <div><dt>"评估年份"</dt><dd>{format!("{}年", h.year)}</dd></div>
                    <div><dt>"范围"</dt><dd>{h.scope.clone()}</dd></div>
                    <div><dt>"日期"</dt><dd>{h.date.clone()}</dd></div>
                </dl>
                {h.year_note.clone().map(|n| view! { <p class="notice" role="note">{n}</p> })}
                {h.demo.then(|| view! {
                    <p class="notice demo-note" role="note" data-testid="report-demo-note">
                        "本报告基于演示数据生成，不是真实监测数据。"
                    </p>
                })}
            </header>

            <section class="report-section" data-testid="report-summary">
                <h3>"一、摘要"</h3>
                {rep.summary.key_figures.iter().map(|k| view! { <p>{k.clone()}</p> }).collect_view()}
                <table class="data-table summary-table">
                    <caption>"指标实现情况汇总"</caption>
                    <thead><tr>
                        <th scope="col">"指标总数"</th><th scope="col">"可监测"</th>
                        {Status::ALL.iter().map(|st| view! { <th scope="col">{st.label()}</th> }).collect_view()}
                        <th scope="col">"达标率"</th>
                    </tr></thead>
                    <tbody><tr>
                        <td>{s.total}</td><td>{s.monitorable}</td>
                        {Status::ALL.iter().map(|st| view! { <td>{count(&s, *st)}</td> }).collect_view()}
                        <td data-testid="report-rate">{fmt_rate(s.rate)}</td>
                    </tr></tbody>
                </table>
            </section>
    }
}

/// 各领域目标实现情况 and 存在的主要问题.
fn report_body(rep: Report) -> impl IntoView {
    let domain_count = rep.domains.len();
    let scoped = rep.header.unit.is_some();
    let base_year = rep.header.period.base;
    view! {
            <section class="report-section" data-testid="report-domains">
                <h3>"二、各领域目标实现情况"</h3>
                {(domain_count == 0).then(|| view! { <p>"所选范围内没有指标。"</p> })}
                {rep.domains.into_iter().enumerate().map(|(i, d)| view! {
                    <section class="report-domain" data-testid=format!("report-domain-{}", d.id)>
                        <h4>{format!("（{}）{}", chinese_number(i + 1), d.name)}</h4>
                        <p>{d.sentence()}</p>
                        {domain_table(d.rows, base_year, scoped)}
                    </section>
                }).collect_view()}
            </section>

            <section class="report-section report-problems" data-testid="report-problems">
                <h3>"三、存在的主要问题"</h3>
                {problem_list("未达标指标", "problems-not-met", rep.problems.not_met)}
                {problem_list("预警指标", "problems-warnings", rep.problems.warnings)}
                {problem_list("退步指标", "problems-regressions", rep.problems.regressions)}
                {problem_list("缺少数据的指标", "problems-missing", rep.problems.missing)}
                {(!rep.problems.input_errors.is_empty()).then(|| view! {
                    <section class="problem-group" data-testid="problems-input-errors">
                        <h4>{format!("填报错误（{} 处，相关年份按无数据处理）", rep.problems.input_errors.len())}</h4>
                        <ul>{rep.problems.input_errors.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    </section>
                })}
            </section>

    }
}

#[component]
pub fn ReportView() -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let period = cat.period;
    let kind = RwSignal::new(ReportKind::Annual(app.year.get_untracked().max(period.first)));
    let plan = RwSignal::new(Plan::Women);
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
        // The 对策建议 text is rendered on its own (below), so typing does not re-render the whole report.
        r.suggestions.text.clear();
        r
    });
    let text_key = Memo::new(move |_| suggestions_key(plan.get(), kind.get(), unit.get().as_deref()));
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let suggestions = Memo::new(move |_| {
        let key = text_key.get();
        app.dataset.with(|d| d.texts.get(&key).cloned().unwrap_or_default())
    });
    // Show the stored text in the editor: on mount, when another report is chosen, and after undo or an
    // import. While typing the stored text equals the editor's, so nothing is touched (blank text is not
    // stored, hence the trimmed comparison).
    Effect::new(move |_| {
        let stored = suggestions.get();
        if let Some(el) = textarea.get() {
            if el.value().trim() != stored.trim() {
                el.set_value(&stored);
            }
        }
    });
    // Every unit of the list (as in the header's unit mode): a unit that only co-operates has a report too.
    let units = Memo::new(move |_| app.dataset.with(|d| d.unit_list(cat)));
    let domain_chart = Signal::derive(move || {
        report.with(|r| {
            let rollups: Vec<_> = r.domains.iter().map(|d| d.rollup.clone()).collect();
            charts::domain_attainment(&rollups, "各领域目标实现情况")
        })
    });
    let mix_chart = Signal::derive(move || report.with(|r| charts::status_mix(&r.summary.rollup, "指标状态分布")));

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
        let mut spec = app.dataset.with_untracked(|d| report_document(cat, d, k, choice, u.as_deref(), &today(), &mut report_charts));
        spec.created = super::clock::beijing_now();
        let name = document_file_name(cat, k, choice, u.as_deref());
        leptos::task::spawn_local(async move {
            match write_docx(&spec).await.and_then(|bytes| download_bytes(&name, DOCX_MIME, &bytes)) {
                Ok(()) => app.notify(Notice::info(format!(
                    "已导出 Word 报告“{name}”：请在 WPS/Word 中补写标有【待填写】的部分。"
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
                {move || report_head(report.get())}
                <div class="report-charts">
                    <Chart chart=mix_chart id="report-chart-mix" height="300px" />
                    <Chart chart=domain_chart id="report-chart-domains" height="420px" />
                </div>
                {move || report_body(report.get())}
                <section class="report-section report-suggestions" data-testid="report-suggestions">
                    <h3>"四、对策建议"</h3>
                    <div class="print-only suggestions-text" data-testid="suggestions-print">
                        {move || suggestions.with(|t| if t.trim().is_empty() {
                            view! { <p class="muted">"（尚未填写对策建议）"</p> }.into_any()
                        } else {
                            paragraphs(t).into_iter().map(|p| view! { <p>{p}</p> }).collect_view().into_any()
                        })}
                    </div>
                    <div class="report-suggestions-editor no-print" data-testid="suggestions-editor">
                        <label for="report-suggestions-input"><strong>"编辑“四、对策建议”"</strong>
                            <span class="muted">" （自动保存到当前数据集，随数据一起导出）"</span>
                        </label>
                        <textarea
                            id="report-suggestions-input"
                            data-testid="suggestions-input"
                            rows="10"
                            node_ref=textarea
                            placeholder=lishu_core::report::SUGGESTIONS_PLACEHOLDER
                            on:input=move |ev| {
                                let key = text_key.get_untracked();
                                let text = event_target_value(&ev);
                                // One undo step per editing session of this text (the core's edit path); autosaved.
                                let _ = app.dispatch(lishu_core::edit::Edit::Text { key, label: "编辑对策建议".into(), text });
                            }
                        ></textarea>
                    </div>
                </section>
                <section class="report-section report-appendix">
                    <h3>"五、附录"</h3>
                    {move || report.with(|r| appendix_table(r.appendix.clone(), r.header.period, r.header.year, r.header.unit.is_some()))}
                    {move || report.with(|r| explanation_table(r.appendix.clone()))}
                </section>
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
    fn empty_catalogue_texts_show_a_dash() {
        assert_eq!(or_dash("  "), "—");
        assert_eq!(or_dash("妇幼卫生年报"), "妇幼卫生年报");
    }

    #[test]
    fn paragraphs_keep_text_and_drop_blank_lines() {
        assert_eq!(paragraphs("一、加强\n\n  二、<b>落实</b>  \n"), vec!["一、加强".to_string(), "  二、<b>落实</b>".to_string()]);
    }
}
