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
//! The sections of each report come from [`super::outline`] (the one layout shared with the screen); this
//! module adds the title block and, for a two-plan document, the parts. Every plan fact (region, titles, years)
//! comes from the report, i.e. from the catalogue. `report::html::to_html` renders a spec as one HTML page.

use super::{count, fmt_rate, DomainSection, Report, ReportKind};
use crate::catalogue::{Catalogue, Plan};
use crate::eval::Status;
use crate::text::chinese_number;
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

pub use super::outline::{Block, Cell, ChartKind, ChartPng, TableSize};

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
                Block::Chart { caption, .. } => out.push(caption.clone()),
                Block::Editable { part, .. } => out.extend(editable_paragraphs(b).unwrap_or_else(|| vec![part.missing()])),
                Block::Contents | Block::PageBreak => {}
            }
        }
        out
    }

    /// The headings (level, text) in reading order: what a 目录 lists.
    pub fn headings(&self) -> Vec<(u8, String)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.clone())),
                _ => None,
            })
            .collect()
    }

    /// The spec with every text passed through [`crate::text::clean`] (what the writers write).
    pub fn cleaned(&self) -> DocumentSpec {
        let c = |t: &String| crate::text::clean(t).into_owned();
        let blocks = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Title { text } => Block::Title { text: c(text) },
                Block::Subtitle { text } => Block::Subtitle { text: c(text) },
                Block::Part { text } => Block::Part { text: c(text) },
                Block::Heading { level, text } => Block::Heading { level: *level, text: c(text) },
                Block::Paragraph { lead, text } => Block::Paragraph { lead: c(lead), text: c(text) },
                Block::Note { text } => Block::Note { text: c(text) },
                Block::Placeholder { text } => Block::Placeholder { text: c(text) },
                Block::Table { caption, header, widths, keep, rows, size } => Block::Table {
                    caption: c(caption),
                    header: header.iter().map(c).collect(),
                    widths: widths.clone(),
                    keep: keep.clone(),
                    rows: rows.iter().map(|r| r.iter().map(|x| Cell { text: c(&x.text), status: x.status }).collect()).collect(),
                    size: *size,
                },
                Block::Chart { chart, caption, width_px, height_px, png_base64 } => Block::Chart {
                    chart: *chart,
                    caption: c(caption),
                    width_px: *width_px,
                    height_px: *height_px,
                    png_base64: png_base64.clone(),
                },
                Block::Editable { part, key, title, text, placeholder } => Block::Editable {
                    part: *part,
                    key: c(key),
                    title: c(title),
                    text: c(text),
                    placeholder: c(placeholder),
                },
                Block::Contents => Block::Contents,
                Block::PageBreak => Block::PageBreak,
            })
            .collect();
        DocumentSpec { title: c(&self.title), page_header: c(&self.page_header), created: c(&self.created), blocks, ..self.clone() }
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

/// The paragraphs of an editable block's text (each non-blank line, `\v`/`\f` counted as line breaks, cleaned
/// for documents); None when the block is not editable or its text is empty (the documents then show
/// [`TextPart::missing`]).
pub fn editable_paragraphs(b: &Block) -> Option<Vec<String>> {
    let Block::Editable { text, .. } = b else { return None };
    let lines: Vec<String> = crate::text::clean(text)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (!lines.is_empty()).then_some(lines)
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

/// The document of one report per plan of `choice` (`reports` in plan order); `charts` draws a chart of a
/// report as PNG (natively: none). The sections of each report are [`super::outline::report_blocks`].
pub fn document_spec(
    cat: &Catalogue,
    kind: ReportKind,
    choice: PlanChoice,
    reports: &[Report],
    charts: &mut dyn FnMut(&Report, ChartKind) -> Option<ChartPng>,
) -> DocumentSpec {
    let title = document_title(cat, kind, choice);
    let mut b = Vec::new();
    b.push(Block::Title { text: title.clone() });
    let demo = reports.iter().any(|r| r.header.demo);
    if let Some(first) = reports.first() {
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
    if matches!(kind, ReportKind::MidTerm | ReportKind::Final) {
        b.push(Block::Contents);
    }
    let two = reports.len() > 1;
    for (i, rep) in reports.iter().enumerate() {
        if two {
            if i > 0 {
                b.push(Block::PageBreak);
            }
            b.push(Block::Part { text: format!("第{}部分　{}", chinese_number(i + 1), rep.header.plan_name) });
        }
        b.extend(super::outline::report_blocks(rep, charts));
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

/// The whole document of a dataset: evaluates as of the report's year, builds the report of each plan of
/// `choice` (optionally one unit's), dated `date` ("2026年3月1日"), with the charts `charts` draws (none
/// natively).
pub fn report_document(
    cat: &Catalogue,
    ds: &crate::dataset::Dataset,
    kind: ReportKind,
    choice: PlanChoice,
    unit: Option<&str>,
    date: &str,
    charts: &mut dyn FnMut(&Report, ChartKind) -> Option<ChartPng>,
) -> DocumentSpec {
    let ev = crate::eval::evaluate(cat, ds, kind.year(cat.period));
    let reports: Vec<Report> =
        choice.plans().into_iter().map(|p| super::build_report(cat, ds, &ev, kind, p, unit).with_date(date)).collect();
    document_spec(cat, kind, choice, &reports, charts)
}
