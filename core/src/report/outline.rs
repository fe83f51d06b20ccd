//! # 报告提纲 / The report outline
//!
//! The one place where a [`Report`] is laid out: sections and their numbering, paragraphs, tables with their
//! column specs, chart blocks and the editable text blocks, as a list of [`Block`]s. The screen report and its
//! print view (`src/app/report.rs`), the command line's HTML ([`super::html::to_html`]) and the Word writer
//! (`report::docx`) only render this list, so they say the same thing in the same order.
//!
//! Sections of one report (official structure of 评估报告):
//! 一、摘要 (key figures, summary table, status chart) · 二、工作措施与成效 (editable) · 三、各领域目标实现情况 (chart;
//! per domain a sentence of counts and a table of the indicators with data) · 四、存在的主要问题 (未达标, 预警, 退步,
//! 缺少数据 — one table of id, name and lead unit —, 填报错误 when any, 原因分析 editable) · 五、对策建议 (editable) ·
//! 附录一 指标监测表 (indicators with values, every year up to the assessed one) · 附录二 指标解释.

use super::{count, fmt_rate, fmt_value, DomainSection, EditableText, IndicatorRow, ProblemItem, Report, TextPart};
use crate::eval::Status;
use crate::text::chinese_number;
use serde::{Deserialize, Serialize};

// The outline's blocks (also the Word document's: `document::DocumentSpec` holds a list of them).

/// A table cell: its text and, for a status cell, the status (shaded in its colour, labelled in words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell { text: t.into(), status: None }
    }
    pub fn status(s: Status) -> Cell {
        Cell { text: s.label().to_string(), status: Some(s) }
    }
}

/// Text size of a table: 五号 (10.5 pt) or, for wide tables, 小五 (9 pt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableSize {
    Normal,
    Small,
}

/// A chart of the report. Its title and caption are defined here once, for the screen, Word and HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// 指标状态分布: a donut of the statuses.
    StatusMix,
    /// 各领域目标实现情况: bars per domain stacked by status.
    DomainAttainment,
}

impl ChartKind {
    /// The chart's own title (inside the picture).
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::StatusMix => "指标状态分布",
            ChartKind::DomainAttainment => "各领域目标实现情况",
        }
    }
    /// The figure caption below the chart: "图 梨树区妇女发展规划（…）指标状态分布".
    pub fn caption(self, plan_name: &str) -> String {
        format!("图 {plan_name}{}", self.title())
    }
    /// Drawing size in CSS pixels (the picture is drawn at twice this).
    pub fn size(self) -> (u32, u32) {
        match self {
            ChartKind::StatusMix => (720, 320),
            ChartKind::DomainAttainment => (720, 420),
        }
    }
    /// A short stable name ("status-mix", "domains"), e.g. for element ids.
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::StatusMix => "status-mix",
            ChartKind::DomainAttainment => "domains",
        }
    }
}

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// The document title (2号 小标宋, centred).
    Title { text: String },
    /// A centred line below the title (楷体 3号): scope, year, date.
    Subtitle { text: String },
    /// The 目录 (table of contents) of the headings below; final and mid-term reports only.
    Contents,
    /// A part of a two-plan document (第一部分 …), 黑体, centred, on a new page.
    Part { text: String },
    /// Level 1 "一、…" (黑体), 2 "（一）…" (楷体), 3 "1. …" (仿宋 bold). The text includes its number.
    Heading { level: u8, text: String },
    /// A body paragraph (3号 仿宋, first line indented). `lead` is set in bold before the text.
    Paragraph {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        lead: String,
        text: String,
    },
    /// A note that must not be missed (bold), e.g. the demo-data label or an assessed-year warning.
    Note { text: String },
    /// A marked place for a text only people can write: 【待填写：…】 (highlighted).
    Placeholder { text: String },
    /// A real table; `header` repeats on each page. `widths` are relative column widths; a column marked in
    /// `keep` holds short texts (ids, figures, unit names, statuses) that must never break inside: the writers
    /// make it wide enough (Word) or forbid the break (HTML).
    Table {
        caption: String,
        header: Vec<String>,
        widths: Vec<u32>,
        #[serde(default)]
        keep: Vec<bool>,
        rows: Vec<Vec<Cell>>,
        size: TableSize,
    },
    /// A chart with its caption and drawing size; `png_base64` is the drawn picture (empty where nothing can
    /// draw, e.g. the command line: the writers then leave the chart out).
    Chart {
        chart: ChartKind,
        caption: String,
        width_px: u32,
        height_px: u32,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        png_base64: String,
    },
    /// A text only people can write ([`TextPart`]), stored under `key` (which names its report: plan, kind,
    /// unit). On screen an editor; in documents its lines as paragraphs, or 【待填写：…】 while empty.
    Editable { part: TextPart, key: String, title: String, text: String, placeholder: String },
    PageBreak,
}

/// A chart drawn by the app, as PNG (base64), with its pixel size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartPng {
    pub png_base64: String,
    pub width_px: u32,
    pub height_px: u32,
}

/// Groups of 存在的主要问题 listed item by item (未达标, 预警, 退步); 缺少数据的指标 follows as a table.
const PROBLEM_GROUPS: usize = 3;

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph { lead: String::new(), text: text.into() }
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading { level, text: text.into() }
}

fn chart(kind: ChartKind, rep: &Report, charts: &mut dyn FnMut(&Report, ChartKind) -> Option<ChartPng>) -> Block {
    let (width_px, height_px) = kind.size();
    let mut b = Block::Chart {
        chart: kind,
        caption: kind.caption(&rep.header.plan_name),
        width_px,
        height_px,
        png_base64: String::new(),
    };
    if let (Some(png), Block::Chart { png_base64, width_px, height_px, .. }) = (charts(rep, kind), &mut b) {
        *png_base64 = png.png_base64;
        *width_px = png.width_px;
        *height_px = png.height_px;
    }
    b
}

fn editable(t: Option<&EditableText>, part: TextPart) -> Block {
    let (key, text) = t.map_or((String::new(), String::new()), |t| (t.key.clone(), t.text.clone()));
    Block::Editable { part, key, title: part.label().to_string(), text, placeholder: part.placeholder().to_string() }
}

/// The blocks of one report, numbered as a whole report (a two-plan document repeats them per part). `charts`
/// draws a chart of the report as PNG (natively: none, the chart blocks stay empty).
pub fn report_blocks(rep: &Report, charts: &mut dyn FnMut(&Report, ChartKind) -> Option<ChartPng>) -> Vec<Block> {
    let mut b = Vec::new();
    let h = &rep.header;
    let scoped = h.unit.is_some();
    let s = &rep.summary.rollup;

    b.push(heading(1, "一、摘要"));
    if rep.appendix.is_empty() {
        b.push(para("所选范围内没有纳入监测的指标，本报告没有可评估的内容。"));
    } else if s.monitorable == 0 {
        b.push(para(format!(
            "所选范围内尚无监测数据：全部 {} 项指标均为无数据。本报告列出各项指标及其目标，待各单位填报数据后重新生成。",
            s.total
        )));
    }
    for k in &rep.summary.key_figures {
        b.push(para(k.clone()));
    }
    b.push(summary_table(rep));
    b.push(chart(ChartKind::StatusMix, rep, charts));

    b.push(heading(1, format!("二、{}", TextPart::Measures.label())));
    b.push(editable(rep.text(TextPart::Measures), TextPart::Measures));

    b.push(heading(1, "三、各领域目标实现情况"));
    b.push(chart(ChartKind::DomainAttainment, rep, charts));
    if rep.domains.is_empty() {
        b.push(para("所选范围内没有指标。"));
    }
    let missing_heading = format!("（{}）缺少数据的指标", chinese_number(PROBLEM_GROUPS + 1));
    for (i, d) in rep.domains.iter().enumerate() {
        b.push(heading(2, format!("（{}）{}", chinese_number(i + 1), d.name)));
        b.push(para(d.sentence()));
        let without = d.rows.iter().filter(|r| r.status == Status::NoData).count();
        if without == d.rows.len() {
            b.push(para(format!("本领域指标均无数据，见“四、存在的主要问题”{missing_heading}。")));
        } else {
            if without > 0 {
                b.push(para(format!("另有 {without} 项指标无数据，见“四、存在的主要问题”{missing_heading}。")));
            }
            b.push(domain_table(d, h.period.base, scoped));
        }
    }

    b.push(heading(1, "四、存在的主要问题"));
    let p = &rep.problems;
    let groups: [(&str, &[ProblemItem]); PROBLEM_GROUPS] =
        [("未达标指标", &p.not_met), ("预警指标", &p.warnings), ("退步指标", &p.regressions)];
    let mut n = 0;
    for (title, items) in groups {
        n += 1;
        b.push(heading(2, format!("（{}）{title}（{} 项）", chinese_number(n), items.len())));
        if items.is_empty() {
            b.push(para("无。"));
        }
        for (j, it) in items.iter().enumerate() {
            b.push(Block::Paragraph { lead: format!("{}. {}", j + 1, it.heading()), text: it.detail() });
        }
    }
    n += 1;
    b.push(heading(2, format!("{missing_heading}（{} 项）", p.missing.len())));
    if p.missing.is_empty() {
        b.push(para("无。"));
    } else {
        b.push(missing_table(&p.missing));
    }
    if !p.input_errors.is_empty() {
        n += 1;
        b.push(heading(2, format!("（{}）填报错误（{} 处，相关年份按无数据处理）", chinese_number(n), p.input_errors.len())));
        for (j, e) in p.input_errors.iter().enumerate() {
            b.push(para(format!("{}. {e}", j + 1)));
        }
    }
    n += 1;
    b.push(heading(2, format!("（{}）{}", chinese_number(n), TextPart::Causes.label())));
    b.push(editable(rep.text(TextPart::Causes), TextPart::Causes));

    b.push(heading(1, format!("五、{}", TextPart::Suggestions.label())));
    b.push(editable(rep.text(TextPart::Suggestions), TextPart::Suggestions));

    b.push(Block::PageBreak);
    b.push(heading(1, "附录一　指标监测表"));
    b.push(appendix_table(rep, scoped));
    b.push(heading(1, "附录二　指标解释"));
    b.push(explanation_table(&rep.appendix));
    b
}

fn summary_table(rep: &Report) -> Block {
    let s = &rep.summary.rollup;
    let mut header = vec!["指标总数".to_string(), "可监测".to_string()];
    header.extend(Status::ALL.iter().map(|st| st.label().to_string()));
    header.push("达标率".to_string());
    let mut row = vec![Cell::text(s.total.to_string()), Cell::text(s.monitorable.to_string())];
    row.extend(Status::ALL.iter().map(|st| Cell::text(count(s, *st).to_string())));
    row.push(Cell::text(fmt_rate(s.rate)));
    Block::Table {
        caption: "表 指标实现情况汇总".to_string(),
        widths: vec![10; header.len()],
        keep: vec![true; header.len()],
        header,
        rows: vec![row],
        size: TableSize::Normal,
    }
}

fn role(r: &IndicatorRow) -> Cell {
    Cell::text(r.role.map_or("—", |x| x.label()))
}

fn lead_unit(r: &str) -> Cell {
    Cell::text(if r.is_empty() { crate::eval::NO_UNIT } else { r })
}

fn domain_table(d: &DomainSection, base_year: u16, scoped: bool) -> Block {
    let mut header = vec!["编号".to_string(), "指标".to_string()];
    let (mut widths, mut keep) = (vec![9, 16], vec![true, false]);
    if scoped {
        header.push("本单位".to_string());
        widths.push(6);
        keep.push(true);
    }
    header.extend(["目标".to_string(), format!("{base_year}年基数"), "现值".to_string(), "状态".to_string(), "说明".to_string()]);
    widths.extend([12, 10, 16, 8, 27]);
    keep.extend([false, false, false, true, false]);
    let rows = d
        .rows
        .iter()
        .filter(|r| r.status != Status::NoData)
        .map(|r| {
            let mut row = vec![Cell::text(r.id.clone()), Cell::text(r.name.clone())];
            if scoped {
                row.push(role(r));
            }
            row.extend([
                Cell::text(r.target_label.clone()),
                Cell::text(r.base_text.clone()),
                Cell::text(r.latest_text.clone()),
                Cell::status(r.status),
                Cell::text(r.summary.clone()),
            ]);
            row
        })
        .collect();
    Block::Table { caption: format!("表 {}目标实现情况", d.name), header, widths, keep, rows, size: TableSize::Small }
}

/// 缺少数据的指标: one table (id, name, lead unit) instead of one paragraph per indicator.
fn missing_table(items: &[ProblemItem]) -> Block {
    let rows = items
        .iter()
        .map(|it| vec![Cell::text(it.id.clone()), Cell::text(it.name.clone()), lead_unit(&it.lead_unit)])
        .collect();
    Block::Table {
        caption: format!("表 缺少数据的指标（{} 项）", items.len()),
        header: ["编号", "指标", "牵头单位"].map(String::from).to_vec(),
        widths: vec![12, 58, 30],
        keep: vec![true, false, true],
        rows,
        size: TableSize::Small,
    }
}

/// Does the row have a value in any year (an indicator without data has none to show in 附录一)?
fn has_values(r: &IndicatorRow) -> bool {
    r.status != Status::NoData || r.series.iter().any(|s| s.1.is_some())
}

fn appendix_table(rep: &Report, scoped: bool) -> Block {
    let years: Vec<u16> = rep.header.period.years().filter(|y| *y <= rep.header.year).collect();
    let mut header = vec!["编号".to_string(), "指标".to_string(), "目标".to_string()];
    header.extend(years.iter().map(|y| format!("{y}年")));
    header.extend(["状态".to_string(), "牵头单位".to_string()]);
    let mut widths = vec![10, 18, 12];
    widths.extend(years.iter().map(|_| 9));
    widths.extend([7, 9]);
    let mut keep = vec![true, false, false];
    keep.extend(years.iter().map(|_| true));
    keep.extend([true, true]);
    if scoped {
        header.push("本单位".to_string());
        widths.push(6);
        keep.push(true);
    }
    let shown: Vec<&IndicatorRow> = rep.appendix.iter().filter(|r| has_values(r)).collect();
    let rows = shown
        .iter()
        .map(|r| {
            let mut row = vec![Cell::text(r.id.clone()), Cell::text(r.name.clone()), Cell::text(r.target_label.clone())];
            // Figures without their unit (the unit is in the 目标 column), so the narrow year columns hold them.
            row.extend(years.iter().map(|y| Cell::text(fmt_value(r.series.iter().find(|s| s.0 == *y).and_then(|s| s.1), ""))));
            row.push(Cell::status(r.status));
            row.push(lead_unit(&r.lead_unit));
            if scoped {
                row.push(role(r));
            }
            row
        })
        .collect();
    let without = rep.appendix.len() - shown.len();
    let rest = if without > 0 { format!("；无数据的 {without} 项见“缺少数据的指标”") } else { String::new() };
    Block::Table {
        caption: format!("附表1 指标逐年监测值（{} 项{rest}；数值的单位同目标）", shown.len()),
        header,
        widths,
        keep,
        rows,
        size: TableSize::Small,
    }
}

fn dash(t: &str) -> String {
    if t.trim().is_empty() {
        "—".to_string()
    } else {
        t.to_string()
    }
}

fn explanation_table(rows: &[IndicatorRow]) -> Block {
    let rows = rows
        .iter()
        .map(|r| {
            let qualitative = r.definition.trim().is_empty() && r.formula.trim().is_empty() && r.source.trim().is_empty();
            let (def, formula, source) = if qualitative && !r.evidence_hint.trim().is_empty() {
                (format!("佐证材料要求：{}", r.evidence_hint), "—".to_string(), "—".to_string())
            } else {
                (dash(&r.definition), dash(&r.formula), dash(&r.source))
            };
            vec![Cell::text(r.id.clone()), Cell::text(r.name.clone()), Cell::text(def), Cell::text(formula), Cell::text(source)]
        })
        .collect();
    Block::Table {
        caption: "附表2 指标解释".to_string(),
        header: ["编号", "指标", "定义", "计算方法", "资料来源"].map(String::from).to_vec(),
        widths: vec![9, 16, 30, 25, 20],
        keep: vec![true, false, false, false, false],
        rows,
        size: TableSize::Small,
    }
}
