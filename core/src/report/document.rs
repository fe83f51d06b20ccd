//! # Word 报告的内容 / The evaluation report as a document description
//!
//! [`document_spec`] turns one or two [`Report`]s (one plan, or both plans of the catalogue) into a
//! [`DocumentSpec`]: a plain, serialisable list of blocks (title, headings, paragraphs, placeholders, tables,
//! pictures, page breaks) plus the page setup. It decides *what* the Word document says; `report::docx`
//! (cargo feature `docx`, used by the command line and by the file module `xlsx/`) only lays it out with
//! docx-rs. The browser app builds the spec here (with the charts it drew, as PNG) and hands its JSON to the
//! file module, so the app's own wasm carries no Word writer.
//!
//! Layout rules (GB/T 9704 党政机关公文格式, as far as a report needs them):
//! - A4 (210 × 297 mm); margins top 37, bottom 35, left 28, right 26 mm ([`PageSetup::official`]).
//! - Title 2号 (22 pt) 方正小标宋简体 (WPS/Word substitute 宋体 where it is missing), centred; body 3号 (16 pt)
//!   仿宋, first line indented two characters, fixed 28 pt line pitch; headings 一、 in 黑体, （一） in 楷体,
//!   1. in 仿宋 bold; page numbers "— 1 —" centred in the footer.
//! - Tables are real tables (五号 / 小五 text) whose header row repeats on each page; a status cell is shaded
//!   in the status colour *and* says the status in words.
//! - Sections only people can write are marked placeholders 【待填写：…】 (highlighted), so the document is the
//!   office's draft. Demo data are labelled 演示数据 (a note below the title and the page header).
//!
//! Contents follow the report on screen (`build_report`): 报告头, 摘要, 工作措施与成效 (placeholders),
//! 各领域目标实现情况 (a sentence of counts and a table per domain), 存在的主要问题, 对策建议 (the saved text),
//! 附录 指标监测表 (every indicator × every year up to the assessed year) and 指标解释. Every plan fact (region,
//! titles, years) comes from the report, i.e. from the catalogue.

use super::{count, fmt_rate, fmt_value, DomainSection, IndicatorRow, ProblemItem, Report, ReportKind};
use crate::catalogue::{Catalogue, Plan};
use crate::eval::Status;
use serde::{Deserialize, Serialize};

/// Format tag of a [`DocumentSpec`] (checked by the writer).
pub const DOCUMENT_TYPE: &str = "lishu-monitor/document";

/// Page size and margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageSetup {
    pub width_mm: f64,
    pub height_mm: f64,
    pub top_mm: f64,
    pub bottom_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
}

impl PageSetup {
    /// A4 with the margins of GB/T 9704 (天头 37 mm, 订口 28 mm; the text block 156 × 225 mm).
    pub fn official() -> PageSetup {
        PageSetup { width_mm: 210.0, height_mm: 297.0, top_mm: 37.0, bottom_mm: 35.0, left_mm: 28.0, right_mm: 26.0 }
    }
    /// Width of the text block.
    pub fn text_width_mm(&self) -> f64 {
        self.width_mm - self.left_mm - self.right_mm
    }
}

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

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// The document title (2号 小标宋, centred).
    Title { text: String },
    /// A centred line below the title (楷体 3号): scope, year, date.
    Subtitle { text: String },
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
    /// A real table; `header` repeats on each page. `widths` are relative column widths.
    Table {
        caption: String,
        header: Vec<String>,
        widths: Vec<u32>,
        rows: Vec<Vec<Cell>>,
        size: TableSize,
    },
    /// A PNG picture (base64) with its pixel size and caption.
    Image { png_base64: String, width_px: u32, height_px: u32, caption: String },
    PageBreak,
}

/// A chart drawn by the app, as PNG (base64), for the report part it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartPng {
    pub caption: String,
    pub png_base64: String,
    pub width_px: u32,
    pub height_px: u32,
}

/// A Word document described as data ([`DOCUMENT_TYPE`]); written by `report::docx::write_docx`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSpec {
    #[serde(rename = "type")]
    pub kind: String,
    /// Title (document properties).
    pub title: String,
    pub page: PageSetup,
    /// Page header text (empty for none), e.g. the demo-data label.
    #[serde(default)]
    pub page_header: String,
    /// Creation time for the document properties (ISO 8601, set by the caller; empty: not written).
    #[serde(default)]
    pub created: String,
    pub blocks: Vec<Block>,
}

impl DocumentSpec {
    /// Every text of the document in reading order (for tests and checks).
    pub fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Title { text }
                | Block::Subtitle { text }
                | Block::Part { text }
                | Block::Heading { text, .. }
                | Block::Note { text }
                | Block::Placeholder { text } => out.push(text.clone()),
                Block::Paragraph { lead, text } => out.push(format!("{lead}{text}")),
                Block::Table { caption, header, rows, .. } => {
                    out.push(caption.clone());
                    out.extend(header.iter().cloned());
                    out.extend(rows.iter().flatten().map(|c| c.text.clone()));
                }
                Block::Image { caption, .. } => out.push(caption.clone()),
                Block::PageBreak => {}
            }
        }
        out
    }
}

/// Which plans a document covers: one, or both plans of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanChoice {
    One(Plan),
    Both,
}

impl PlanChoice {
    /// The plans, in catalogue order.
    pub fn plans(self) -> Vec<Plan> {
        match self {
            PlanChoice::One(p) => vec![p],
            PlanChoice::Both => Plan::ALL.to_vec(),
        }
    }
    /// From the command line / select value: women, children, both.
    pub fn parse(v: &str) -> Option<PlanChoice> {
        match v {
            "both" => Some(PlanChoice::Both),
            _ => Plan::ALL.into_iter().find(|p| p.key() == v).map(PlanChoice::One),
        }
    }
}

/// Chinese numerals for section numbers 一 … 二十 (beyond that the arabic number).
pub fn chinese_number(n: usize) -> String {
    const N: [&str; 21] = [
        "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
        "十七", "十八", "十九", "二十",
    ];
    N.get(n).map_or_else(|| n.to_string(), |s| s.to_string())
}

/// The title of a document of `choice`: the report's title for one plan, the catalogue's title with the
/// report's name for both, e.g. "…妇女儿童发展规划（…年）终期评估报告".
pub fn document_title(cat: &Catalogue, kind: ReportKind, choice: PlanChoice) -> String {
    match choice {
        PlanChoice::One(p) => format!("{}{}", cat.plan_title(p), kind.label(cat.period)),
        PlanChoice::Both => format!("{}{}", cat.title, kind.label(cat.period)),
    }
}

/// File name of the Word report: its title (and the unit for a unit's report), `.docx`; characters Windows
/// does not allow in names are replaced.
pub fn document_file_name(cat: &Catalogue, kind: ReportKind, choice: PlanChoice, unit: Option<&str>) -> String {
    let mut name = document_title(cat, kind, choice);
    if let Some(u) = unit.map(str::trim).filter(|u| !u.is_empty()) {
        name.push_str(&format!("（{u}）"));
    }
    let name: String = name.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect();
    format!("{name}.docx")
}

impl DomainSection {
    /// The counts sentence of a domain, as on screen.
    pub fn sentence(&self) -> String {
        let r = &self.rollup;
        format!(
            "本领域纳入监测指标 {} 项，可监测 {} 项，达标 {} 项，达标率 {}；基本实现 {} 项，尚存差距 {} 项，退步 {} 项，无数据 {} 项。",
            r.total,
            r.monitorable,
            r.achieved,
            fmt_rate(r.rate),
            count(r, Status::Basic),
            count(r, Status::Gap),
            count(r, Status::Regress),
            r.no_data
        )
    }
}

/// The demo-data label of the document.
pub const DEMO_NOTE: &str = "本报告基于演示数据生成，不是真实监测数据。";

/// Placeholders for the sections only people can write.
pub const PLACEHOLDER_MEASURES: &str = "【待填写：工作措施与成效】";
pub const PLACEHOLDER_PRACTICE: &str = "【待填写：经验做法】";
pub const PLACEHOLDER_CAUSES: &str = "【待填写：问题原因分析】";
pub const PLACEHOLDER_SUGGESTIONS: &str = "【待填写：对策建议】";

/// The document of one report per plan of `choice` (`parts` in plan order, each with the charts drawn for
/// it; natively the charts are empty). `parts` must not be empty.
pub fn document_spec(cat: &Catalogue, kind: ReportKind, choice: PlanChoice, parts: &[(Report, Vec<ChartPng>)]) -> DocumentSpec {
    let title = document_title(cat, kind, choice);
    let mut b = Vec::new();
    b.push(Block::Title { text: title.clone() });
    let demo = parts.iter().any(|(r, _)| r.header.demo);
    if let Some((first, _)) = parts.first() {
        let h = &first.header;
        b.push(Block::Subtitle { text: format!("（{}　评估年份：{}年　范围：{}）", h.district, h.year, h.scope) });
        if !h.date.is_empty() {
            b.push(Block::Subtitle { text: h.date.clone() });
        }
        if let Some(n) = &h.year_note {
            b.push(Block::Note { text: n.clone() });
        }
    }
    if demo {
        b.push(Block::Note { text: DEMO_NOTE.to_string() });
    }
    let two = parts.len() > 1;
    for (i, (rep, charts)) in parts.iter().enumerate() {
        if two {
            if i > 0 {
                b.push(Block::PageBreak);
            }
            b.push(Block::Part { text: format!("第{}部分　{}", chinese_number(i + 1), rep.header.plan_name) });
        }
        report_blocks(&mut b, rep, charts);
    }
    DocumentSpec {
        kind: DOCUMENT_TYPE.to_string(),
        title,
        page: PageSetup::official(),
        page_header: if demo { "演示数据　不是真实监测数据".to_string() } else { String::new() },
        created: String::new(),
        blocks: b,
    }
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph { lead: String::new(), text: text.into() }
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading { level, text: text.into() }
}

fn report_blocks(b: &mut Vec<Block>, rep: &Report, charts: &[ChartPng]) {
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
    let mut header = vec!["指标总数".to_string(), "可监测".to_string()];
    header.extend(Status::ALL.iter().map(|st| st.label().to_string()));
    header.push("达标率".to_string());
    let mut row = vec![Cell::text(s.total.to_string()), Cell::text(s.monitorable.to_string())];
    row.extend(Status::ALL.iter().map(|st| Cell::text(count(s, *st).to_string())));
    row.push(Cell::text(fmt_rate(s.rate)));
    b.push(Block::Table {
        caption: "表 指标实现情况汇总".to_string(),
        widths: vec![10; header.len()],
        header,
        rows: vec![row],
        size: TableSize::Normal,
    });

    b.push(heading(1, "二、工作措施与成效"));
    b.push(heading(2, "（一）主要工作措施"));
    b.push(Block::Placeholder { text: PLACEHOLDER_MEASURES.to_string() });
    b.push(heading(2, "（二）经验做法"));
    b.push(Block::Placeholder { text: PLACEHOLDER_PRACTICE.to_string() });

    b.push(heading(1, "三、各领域目标实现情况"));
    for c in charts {
        b.push(Block::Image {
            png_base64: c.png_base64.clone(),
            width_px: c.width_px,
            height_px: c.height_px,
            caption: c.caption.clone(),
        });
    }
    if rep.domains.is_empty() {
        b.push(para("所选范围内没有指标。"));
    }
    for (i, d) in rep.domains.iter().enumerate() {
        b.push(heading(2, format!("（{}）{}", chinese_number(i + 1), d.name)));
        b.push(para(d.sentence()));
        b.push(domain_table(d, h.period.base, scoped));
    }

    b.push(heading(1, "四、存在的主要问题"));
    let p = &rep.problems;
    let groups: [(&str, &[ProblemItem]); 4] = [
        ("未达标指标", &p.not_met),
        ("预警指标", &p.warnings),
        ("退步指标", &p.regressions),
        ("缺少数据的指标", &p.missing),
    ];
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
    if !p.input_errors.is_empty() {
        n += 1;
        b.push(heading(2, format!("（{}）填报错误（{} 处，相关年份按无数据处理）", chinese_number(n), p.input_errors.len())));
        for (j, e) in p.input_errors.iter().enumerate() {
            b.push(para(format!("{}. {e}", j + 1)));
        }
    }
    n += 1;
    b.push(heading(2, format!("（{}）原因分析", chinese_number(n))));
    b.push(Block::Placeholder { text: PLACEHOLDER_CAUSES.to_string() });

    b.push(heading(1, "五、对策建议"));
    let lines: Vec<&str> = rep.suggestions.text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        b.push(Block::Placeholder { text: PLACEHOLDER_SUGGESTIONS.to_string() });
    }
    for l in lines {
        b.push(para(l.trim_start()));
    }

    b.push(Block::PageBreak);
    b.push(heading(1, "附录一　指标监测表"));
    b.push(appendix_table(rep, scoped));
    b.push(heading(1, "附录二　指标解释"));
    b.push(explanation_table(&rep.appendix));
}

fn domain_table(d: &DomainSection, base_year: u16, scoped: bool) -> Block {
    let mut header = vec!["指标".to_string()];
    if scoped {
        header.push("本单位".to_string());
    }
    header.extend(["目标".to_string(), format!("{base_year}年基数"), "现值".to_string(), "状态".to_string(), "说明".to_string()]);
    let mut widths = vec![21];
    if scoped {
        widths.push(7);
    }
    widths.extend([12, 10, 20, 10, 27]);
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::text(format!("{} {}", r.id, r.name))];
            if scoped {
                row.push(Cell::text(r.role.map_or("—", |x| x.label())));
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
    Block::Table { caption: format!("表 {}目标实现情况", d.name), header, widths, rows, size: TableSize::Small }
}

fn appendix_table(rep: &Report, scoped: bool) -> Block {
    let years: Vec<u16> = rep.header.period.years().filter(|y| *y <= rep.header.year).collect();
    let mut header = vec!["编号".to_string(), "指标".to_string(), "目标".to_string()];
    header.extend(years.iter().map(|y| format!("{y}年")));
    header.extend(["状态".to_string(), "牵头单位".to_string()]);
    if scoped {
        header.push("本单位".to_string());
    }
    let mut widths = vec![10, 18, 12];
    widths.extend(years.iter().map(|_| 9));
    widths.extend([7, 8]);
    if scoped {
        widths.push(6);
    }
    let rows = rep
        .appendix
        .iter()
        .map(|r: &IndicatorRow| {
            let mut row = vec![Cell::text(r.id.clone()), Cell::text(r.name.clone()), Cell::text(r.target_label.clone())];
            // Figures without their unit (the unit is in the 目标 column), so the narrow year columns hold them.
            row.extend(years.iter().map(|y| Cell::text(fmt_value(r.series.iter().find(|s| s.0 == *y).and_then(|s| s.1), ""))));
            row.push(Cell::status(r.status));
            row.push(Cell::text(if r.lead_unit.is_empty() { crate::eval::NO_UNIT.to_string() } else { r.lead_unit.clone() }));
            if scoped {
                row.push(Cell::text(r.role.map_or("—", |x| x.label())));
            }
            row
        })
        .collect();
    Block::Table {
        caption: format!("附表1 全部指标逐年监测值（{} 项；数值的单位同目标）", rep.appendix.len()),
        header,
        widths,
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
        rows,
        size: TableSize::Small,
    }
}

fn escape_html(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The document as one self-contained HTML page (the command line's `--format html`): the same blocks, every
/// text escaped, A4 print rules.
pub fn to_html(spec: &DocumentSpec) -> String {
    let p = spec.page;
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
@page {{ size: A4; margin: {}mm {}mm {}mm {}mm; }} body {{ font-family: 仿宋, FangSong, serif; font-size: 16pt; line-height: 28pt; max-width: 156mm; margin: auto; }} \
h1 {{ font-family: 方正小标宋简体, 宋体, SimSun, serif; font-size: 22pt; text-align: center; font-weight: normal; line-height: 1.4; }} \
h2 {{ font-family: 黑体, SimHei, sans-serif; font-size: 16pt; font-weight: normal; }} h3 {{ font-family: 楷体, KaiTi, serif; font-size: 16pt; font-weight: normal; }} \
p {{ text-indent: 2em; margin: 0; }} .sub {{ text-align: center; font-family: 楷体, KaiTi, serif; text-indent: 0; }} .part {{ text-align: center; font-family: 黑体, SimHei, sans-serif; }} \
.placeholder {{ background: yellow; font-weight: bold; }} .note {{ font-weight: bold; }} table {{ border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.3; margin: 6pt 0 12pt; }} \
th, td {{ border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle; }} th {{ background: #d9d9d9; }} thead {{ display: table-header-group; }} \
caption {{ font-family: 黑体, SimHei, sans-serif; font-size: 10.5pt; }} figure {{ text-align: center; }} img {{ max-width: 100%; }} .break {{ break-after: page; }}\
</style></head><body>\n",
        escape_html(&spec.title),
        p.top_mm,
        p.right_mm,
        p.bottom_mm,
        p.left_mm
    );
    if !spec.page_header.is_empty() {
        h.push_str(&format!("<p class=\"note\" style=\"text-align:right\">{}</p>\n", escape_html(&spec.page_header)));
    }
    for b in &spec.blocks {
        match b {
            Block::Title { text } => h.push_str(&format!("<h1>{}</h1>\n", escape_html(text))),
            Block::Subtitle { text } => h.push_str(&format!("<p class=\"sub\">{}</p>\n", escape_html(text))),
            Block::Part { text } => h.push_str(&format!("<h2 class=\"part\">{}</h2>\n", escape_html(text))),
            Block::Heading { level, text } => {
                let tag = if *level <= 1 { "h2" } else { "h3" };
                h.push_str(&format!("<{tag}>{}</{tag}>\n", escape_html(text)));
            }
            Block::Paragraph { lead, text } => {
                let lead = if lead.is_empty() { String::new() } else { format!("<strong>{}</strong>", escape_html(lead)) };
                h.push_str(&format!("<p>{lead}{}</p>\n", escape_html(text)));
            }
            Block::Note { text } => h.push_str(&format!("<p class=\"note\">{}</p>\n", escape_html(text))),
            Block::Placeholder { text } => h.push_str(&format!("<p><span class=\"placeholder\">{}</span></p>\n", escape_html(text))),
            Block::Table { caption, header, rows, .. } => {
                h.push_str(&format!("<table><caption>{}</caption><thead><tr>", escape_html(caption)));
                for c in header {
                    h.push_str(&format!("<th>{}</th>", escape_html(c)));
                }
                h.push_str("</tr></thead><tbody>\n");
                for r in rows {
                    h.push_str("<tr>");
                    for c in r {
                        match c.status {
                            Some(s) => h.push_str(&format!(
                                "<td style=\"background:{}33\">{}</td>",
                                s.color(),
                                escape_html(&c.text)
                            )),
                            None => h.push_str(&format!("<td>{}</td>", escape_html(&c.text))),
                        }
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</tbody></table>\n");
            }
            Block::Image { png_base64, caption, .. } => {
                let data: String = png_base64.chars().filter(|c| c.is_ascii_alphanumeric() || "+/=".contains(*c)).collect();
                h.push_str(&format!(
                    "<figure><img alt=\"{0}\" src=\"data:image/png;base64,{data}\"><figcaption>{0}</figcaption></figure>\n",
                    escape_html(caption)
                ));
            }
            Block::PageBreak => h.push_str("<div class=\"break\"></div>\n"),
        }
    }
    h.push_str("</body></html>\n");
    h
}

/// The whole document of a dataset: evaluates as of the report's year, builds the report of each plan of
/// `choice` (optionally one unit's), dated `date` ("2026年3月1日"), with the charts `charts` draws for each
/// report (none natively).
pub fn report_document(
    cat: &Catalogue,
    ds: &crate::dataset::Dataset,
    kind: ReportKind,
    choice: PlanChoice,
    unit: Option<&str>,
    date: &str,
    charts: &mut dyn FnMut(&Report) -> Vec<ChartPng>,
) -> DocumentSpec {
    let ev = crate::eval::evaluate(cat, ds, kind.year(cat.period));
    let parts: Vec<(Report, Vec<ChartPng>)> = choice
        .plans()
        .into_iter()
        .map(|p| {
            let r = super::build_report(cat, ds, &ev, kind, p, unit).with_date(date);
            let c = charts(&r);
            (r, c)
        })
        .collect();
    document_spec(cat, kind, choice, &parts)
}
