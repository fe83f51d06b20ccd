//! Writes a [`DocumentSpec`] as a Word (.docx) file with docx-rs (cargo feature `docx`; the command line and
//! the file module `xlsx/` enable it, the browser app does not). The layout rules are described in
//! `report::document`; this module only maps blocks to docx-rs elements.
//!
//! One element docx-rs 0.4 does not model: `w:tblHeader` (repeat a row at the top of each page). Header
//! rows are the only rows written with `cantSplit`, and [`write_docx`] adds `tblHeader` beside exactly those
//! in the built document part before packing (checked: one per table).
//!
//! Fonts are named as Windows and WPS ship them (方正小标宋简体, 黑体, 楷体, 仿宋; Latin text Times New Roman);
//! where one is missing, Word and WPS substitute their default 宋体, LibreOffice a CJK serif.
//!
//! Headings and the title are paragraph styles, not direct formatting: `Title` (标题), `Heading1`–`Heading3`
//! (Word's built-in "heading 1"–"heading 3", shown as 标题 1–3 in Chinese Word and WPS) carry the fonts, sizes
//! and outline levels, so an office restyles all headings with one change and the navigation pane and the
//! table of contents work. [`Block::Contents`] becomes a 目录: one line per heading (styles `toc 1`–`toc 3`)
//! whose page number is a PAGEREF field to a bookmark on the heading. LibreOffice computes those numbers when
//! it lays the document out, Word and WPS when fields are updated (F9, printing). It is deliberately not wrapped
//! in a TOC field: LibreOffice shows a TOC field's stored result as it is, i.e. without page numbers (tried);
//! an office that edits the headings inserts its own automatic 目录 (引用 → 目录), which works because the
//! headings are real heading styles.
//!
//! Every text passes [`crate::text::clean`] first ([`DocumentSpec::cleaned`]): no character XML 1.0 forbids
//! reaches a part.

use super::document::{editable_paragraphs, Block, Cell, DocumentSpec, PageSetup, TableSize, DOCUMENT_TYPE};
use base64::Engine;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Pic, Run,
    FieldCharType, InstrPAGEREF, InstrText, RunFonts, Shading, ShdType, SpecialIndentType, Style, StyleType, Tab,
    TabLeaderType, TabValueType, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

/// Style ids of the title and the three heading levels (names: "Title", "heading 1" … "heading 3").
const STYLE_TITLE: &str = "Title";
const STYLE_HEADINGS: [&str; 3] = ["Heading1", "Heading2", "Heading3"];

/// Twentieths of a point per millimetre.
fn twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// EMU (pictures) per millimetre.
const EMU_PER_MM: f64 = 36_000.0;

/// Font sizes (half-points): 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt, 小五 9 pt.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_PAGE_NUMBER: usize = 28;
const SIZE_TABLE: usize = 21;
const SIZE_TABLE_SMALL: usize = 18;

const FONT_TITLE: &str = "方正小标宋简体";
const FONT_TITLE_FALLBACK: &str = "宋体";
const FONT_BODY: &str = "仿宋";
const FONT_H1: &str = "黑体";
const FONT_H2: &str = "楷体";
const FONT_LATIN: &str = "Times New Roman";

/// Fixed line pitch of the body: 28 pt (22 lines on the 225 mm text block).
const BODY_LINE: i32 = 560;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(FONT_LATIN).hi_ansi(FONT_LATIN).cs(FONT_LATIN)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// The runs of a text whose lines (`\n`) are kept as line breaks within the paragraph.
fn line_runs(p: Paragraph, text: &str, make: &dyn Fn(&str) -> Run) -> Paragraph {
    let mut p = p;
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let mut r = make(line);
        if lines.peek().is_some() {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r);
    }
    p
}

/// The title and heading styles (GB/T 9704 fonts; outline levels 0–2 for the headings).
fn styles(doc: Docx) -> Docx {
    let title = Style::new(STYLE_TITLE, StyleType::Paragraph)
        .name("Title")
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .fonts(RunFonts::new().east_asia(FONT_TITLE).ascii(FONT_TITLE_FALLBACK).hi_ansi(FONT_TITLE_FALLBACK))
        .size(SIZE_TITLE)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(240).after(240));
    let mut doc = doc.add_style(title);
    for (i, id) in STYLE_HEADINGS.iter().enumerate() {
        let font = [FONT_H1, FONT_H2, FONT_BODY][i];
        let mut st = Style::new(*id, StyleType::Paragraph)
            .name(format!("heading {}", i + 1))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .ui_priority(9)
            .fonts(fonts(font))
            .size(SIZE_BODY)
            .outline_lvl(i)
            .line_spacing(body_spacing())
            .indent(None, Some(SpecialIndentType::FirstLine(2 * 320)), None, None)
            .first_line_chars(200);
        if i == 2 {
            st = st.bold();
        }
        st.paragraph_property = st.paragraph_property.clone().keep_next(true).keep_lines(true);
        doc = doc.add_style(st);
    }
    // The entries of the 目录 (docx-rs writes them with the style ids ToC1–ToC3).
    for level in 1..=3usize {
        let st = Style::new(format!("ToC{level}"), StyleType::Paragraph)
            .name(format!("toc {level}"))
            .based_on("Normal")
            .next("Normal")
            .ui_priority(39)
            .fonts(fonts(FONT_BODY))
            .size(SIZE_BODY)
            .line_spacing(body_spacing())
            .indent(Some(((level - 1) * 640) as i32), None, None, None);
        doc = doc.add_style(st);
    }
    doc
}

fn body_spacing() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(BODY_LINE)
}

/// First line indented two characters of 3号 (32 pt), in characters for Word/WPS and in twips for LibreOffice.
fn indented(p: Paragraph) -> Paragraph {
    p.indent(None, Some(SpecialIndentType::FirstLine(2 * 320)), None, None).first_line_chars(200)
}

fn centred(p: Paragraph) -> Paragraph {
    p.align(AlignmentType::Center)
}

/// A body paragraph, first line indented two characters.
fn body(lead: &str, text: &str) -> Paragraph {
    let mut p = indented(Paragraph::new().line_spacing(body_spacing())).align(AlignmentType::Both);
    if !lead.is_empty() {
        p = p.add_run(run(lead, FONT_BODY, SIZE_BODY).bold());
    }
    line_runs(p, text, &|l| run(l, FONT_BODY, SIZE_BODY))
}

fn placeholder(text: &str) -> Paragraph {
    indented(Paragraph::new().line_spacing(body_spacing())).add_run(run(text, FONT_BODY, SIZE_BODY).bold().highlight("yellow"))
}

/// Light tint (hex RRGGBB) of a status colour "#rrggbb": mixed 35 % colour, 65 % white, so black text stays
/// readable.
fn tint(color: &str) -> String {
    let hex = color.trim_start_matches('#');
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("ff"), 16).unwrap_or(255);
    let mix = |c: u8| (f64::from(c) * 0.35 + 255.0 * 0.65).round() as u8;
    format!("{:02X}{:02X}{:02X}", mix(channel(0)), mix(channel(2)), mix(channel(4)))
}

fn cell(c: &Cell, width: usize, size: usize, header: bool) -> TableCell {
    let font = if header { FONT_H1 } else { FONT_BODY };
    let mut p = Paragraph::new().line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240));
    if header {
        p = p.align(AlignmentType::Center);
    }
    p = line_runs(p, &c.text, &|l| run(l, font, size));
    let mut tc = TableCell::new().add_paragraph(p).width(width, WidthType::Dxa).vertical_align(VAlignType::Center);
    if header {
        tc = tc.shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill("D9D9D9"));
    } else if let Some(s) = c.status {
        tc = tc.shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(tint(s.color())));
    }
    tc
}

/// Cell margin left and right (twips, 1 mm).
const CELL_MARGIN: usize = 57;

/// Estimated width (twips) of one line of text at `size` half-points: CJK and full-width characters one em,
/// Latin letters, digits and ASCII punctuation 0.65 em (generous: substitute fonts are wider), others 0.7 em.
fn text_width(line: &str, size: usize) -> f64 {
    let em = size as f64 * 10.0;
    line.chars()
        .map(|c| {
            if c.is_ascii() {
                // Times New Roman averages about half an em; LibreOffice's substitutes are wider.
                0.65
            } else if ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FFEF}').contains(&c) || c == '—' {
                1.0
            } else {
                0.7
            }
        })
        .sum::<f64>()
        * em
}

/// Column widths (twips) filling `total`: proportional to `rel`, but a column marked `keep` is at least as wide
/// as its longest cell line (ids, figures, unit names, 无数据 never break inside). When the kept columns cannot
/// all fit, they share the width in proportion to their needs.
pub fn column_widths(total: usize, rel: &[u32], keep: &[bool], rows: &[Vec<Cell>], size: usize) -> Vec<usize> {
    let n = rel.len().max(1);
    let rel: Vec<f64> = (0..n).map(|i| f64::from(rel.get(i).copied().unwrap_or(10).max(1))).collect();
    let need: Vec<f64> = (0..n)
        .map(|i| {
            if !keep.get(i).copied().unwrap_or(false) {
                return 0.0;
            }
            let longest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.text.split('\n'))
                .map(|l| text_width(l, size))
                .fold(0.0, f64::max);
            (longest * 1.08 + (2 * CELL_MARGIN) as f64 + 40.0).ceil()
        })
        .collect();
    let total = total as f64;
    let need_sum: f64 = need.iter().sum();
    if need_sum >= total {
        // Cannot fit: kept columns in proportion to their needs, the others a minimum.
        let free: Vec<f64> = need.iter().map(|w| if *w > 0.0 { *w } else { 400.0 }).collect();
        let sum: f64 = free.iter().sum();
        return free.iter().map(|w| (w / sum * total).floor() as usize).collect();
    }
    // Fix the kept columns whose proportional share is too small; share the rest among the others.
    let mut fixed = vec![false; n];
    loop {
        let fixed_width: f64 = (0..n).filter(|i| fixed[*i]).map(|i| need[i]).sum();
        let free_rel: f64 = (0..n).filter(|i| !fixed[*i]).map(|i| rel[i]).sum();
        let widths: Vec<f64> = (0..n)
            .map(|i| if fixed[i] { need[i] } else { rel[i] / free_rel.max(1e-9) * (total - fixed_width) })
            .collect();
        let more: Vec<usize> = (0..n).filter(|i| !fixed[*i] && widths[*i] < need[*i]).collect();
        if more.is_empty() || (0..n).all(|i| fixed[i]) {
            return widths.iter().map(|w| w.floor() as usize).collect();
        }
        for i in more {
            fixed[i] = true;
        }
    }
}

fn table(page: &PageSetup, header: &[String], widths: &[u32], keep: &[bool], rows: &[Vec<Cell>], size: TableSize) -> Table {
    let total = twips(page.text_width_mm()).max(1) as usize;
    let n = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let size = match size {
        TableSize::Normal => SIZE_TABLE,
        TableSize::Small => SIZE_TABLE_SMALL,
    };
    let rel: Vec<u32> = (0..n).map(|i| widths.get(i).copied().unwrap_or(10)).collect();
    let grid = column_widths(total, &rel, keep, rows, size);
    let head: Vec<TableCell> =
        (0..n).map(|i| cell(&Cell::text(header.get(i).cloned().unwrap_or_default()), grid[i], size, true)).collect();
    // The header row is the only row with cantSplit: write_docx marks it as repeating (see the module docs).
    let mut out = vec![TableRow::new(head).cant_split()];
    for r in rows {
        let empty = Cell::text("");
        out.push(TableRow::new((0..n).map(|i| cell(r.get(i).unwrap_or(&empty), grid[i], size, false)).collect()));
    }
    // Narrow cell margins (1 mm left and right) leave room for the figures of the year columns.
    Table::new(out)
        .set_grid(grid.clone())
        .width(grid.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
}

fn caption(text: &str) -> Paragraph {
    centred(Paragraph::new().keep_next(true).line_spacing(LineSpacing::new().before(120).after(60)))
        .add_run(run(text, FONT_H1, SIZE_TABLE))
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// Bookmark name of the n-th heading (the target of its 目录 entry's page reference).
fn heading_bookmark(n: usize) -> String {
    format!("_Toc{:08}", n + 1)
}

/// The 目录 of the document: the headings 1–3, each with a PAGEREF to its bookmark for the page number (see
/// the module docs for why there is no TOC field around them). Field characters are runs of their own.
fn contents(doc: Docx, headings: &[(u8, String)], page: &PageSetup) -> Docx {
    let title = centred(Paragraph::new().line_spacing(LineSpacing::new().before(240).after(240)))
        .add_run(run("目　录", FONT_H1, SIZE_BODY));
    let mut doc = doc.add_paragraph(title);
    let right = twips(page.text_width_mm()) as usize;
    let field = |t: FieldCharType, dirty: bool| Run::new().add_field_char(t, dirty);
    for (i, (level, text)) in headings.iter().enumerate() {
        let level = usize::from(*level).clamp(1, 3);
        let mut p = Paragraph::new()
            .style(&format!("ToC{level}"))
            .add_tab(Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(right));
        p = p
            .add_run(Run::new().add_text(text))
            .add_run(Run::new().add_tab())
            .add_run(field(FieldCharType::Begin, true))
            .add_run(Run::new().add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(heading_bookmark(i)))))
            .add_run(field(FieldCharType::Separate, false))
            .add_run(Run::new().add_text(""))
            .add_run(field(FieldCharType::End, false));
        doc = doc.add_paragraph(p);
    }
    doc.add_paragraph(page_break())
}

/// Why a Word file could not be written (Chinese via `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// The spec is not a [`DOCUMENT_TYPE`] (a program error).
    NotADocument { kind: String },
    /// A chart's picture data is not base64 / not PNG.
    BadPicture { caption: String, decoded: bool },
    /// The header rows written do not match the tables (a program error).
    HeaderRows { found: usize, tables: usize },
    /// docx-rs or zip failed to pack the file.
    Pack { reason: String },
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotADocument { kind } => write!(f, "文档描述的类型“{kind}”不是 {DOCUMENT_TYPE}（程序错误）"),
            DocxError::BadPicture { caption, decoded: false } => write!(f, "图表“{caption}”的图片数据无法解码"),
            DocxError::BadPicture { caption, decoded: true } => write!(f, "图表“{caption}”不是 PNG 图片"),
            DocxError::HeaderRows { found, tables } => {
                write!(f, "Word 文档的表头行数 {found} 与表格数 {tables} 不符（程序错误）")
            }
            DocxError::Pack { reason } => write!(f, "Word 文档无法生成：{reason}"),
        }
    }
}

impl std::error::Error for DocxError {}

/// The .docx bytes of `spec`. Errors (a picture that is not PNG, a packing failure) in Chinese.
pub fn write_docx(spec: &DocumentSpec) -> Result<Vec<u8>, DocxError> {
    if spec.kind != DOCUMENT_TYPE {
        return Err(DocxError::NotADocument { kind: spec.kind.clone() });
    }
    let spec = &spec.cleaned();
    let page = spec.page;
    let mut doc = Docx::new()
        .page_size(twips(page.width_mm) as u32, twips(page.height_mm) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(page.top_mm))
                .bottom(twips(page.bottom_mm))
                .left(twips(page.left_mm))
                .right(twips(page.right_mm))
                .header(twips(15.0))
                .footer(twips(18.0)),
        )
        .default_fonts(fonts(FONT_BODY))
        .default_size(SIZE_BODY);
    doc = styles(doc);
    if !spec.created.is_empty() {
        doc = doc.created_at(&spec.created).updated_at(&spec.created);
    }
    // Page numbers: "— 1 —", 4号 宋体, centred.
    let number = |t: &str| run(t, FONT_TITLE_FALLBACK, SIZE_PAGE_NUMBER);
    doc = doc.footer(Footer::new().add_paragraph(
        centred(Paragraph::new()).add_run(number("— ")).add_page_num(PageNum::new()).add_run(number(" —")),
    ));
    if !spec.page_header.is_empty() {
        doc = doc.header(Header::new().add_paragraph(
            Paragraph::new().align(AlignmentType::Right).add_run(run(&spec.page_header, FONT_H1, SIZE_TABLE).color("C00000")),
        ));
    }
    let mut tables = 0usize;
    let headings = spec.headings();
    let mut heading_count = 0usize;
    for b in &spec.blocks {
        doc = match b {
            Block::Title { text } => {
                doc.add_paragraph(Paragraph::new().style(STYLE_TITLE).keep_next(true).add_run(Run::new().add_text(text)))
            }
            Block::Contents => contents(doc, &headings, &page),
            Block::Subtitle { text } => {
                doc.add_paragraph(centred(Paragraph::new().line_spacing(body_spacing())).add_run(run(text, FONT_H2, SIZE_BODY)))
            }
            Block::Part { text } => doc.add_paragraph(
                centred(Paragraph::new().outline_lvl(0).keep_next(true).line_spacing(LineSpacing::new().before(240).after(240)))
                    .add_run(run(text, FONT_H1, SIZE_BODY)),
            ),
            Block::Heading { level, text } => {
                let style = STYLE_HEADINGS[usize::from(*level).clamp(1, 3) - 1];
                let n = heading_count;
                heading_count += 1;
                // Bookmarked for the 目录's page reference (ids after the table-of-contents' own).
                let id = n + 1;
                doc.add_paragraph(
                    Paragraph::new()
                        .style(style)
                        .keep_next(true)
                        .add_bookmark_start(id, heading_bookmark(n))
                        .add_run(Run::new().add_text(text))
                        .add_bookmark_end(id),
                )
            }
            Block::Paragraph { lead, text } => doc.add_paragraph(body(lead, text)),
            Block::Note { text } => doc.add_paragraph(
                indented(Paragraph::new().line_spacing(body_spacing())).add_run(run(text, FONT_H1, SIZE_BODY).bold()),
            ),
            Block::Placeholder { text } => doc.add_paragraph(placeholder(text)),
            Block::Editable { part, .. } => match editable_paragraphs(b) {
                Some(lines) => lines.iter().fold(doc, |d, l| d.add_paragraph(body("", l))),
                None => doc.add_paragraph(placeholder(&part.missing())),
            },
            Block::Table { caption: c, header, widths, keep, rows, size } => {
                tables += 1;
                let d = if c.is_empty() { doc } else { doc.add_paragraph(caption(c)) };
                // An empty paragraph after each table keeps two tables from joining into one.
                d.add_table(table(&page, header, widths, keep, rows, *size)).add_paragraph(Paragraph::new().size(SIZE_TABLE))
            }
            Block::Chart { png_base64, .. } if png_base64.is_empty() => doc,
            Block::Chart { png_base64, width_px, height_px, caption: c, .. } => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(png_base64.trim())
                    .map_err(|_| DocxError::BadPicture { caption: c.clone(), decoded: false })?;
                if !bytes.starts_with(&[137, 80, 78, 71, 13, 10, 26, 10]) || *width_px == 0 || *height_px == 0 {
                    return Err(DocxError::BadPicture { caption: c.clone(), decoded: true });
                }
                let w_mm = page.text_width_mm();
                let h_mm = w_mm * f64::from(*height_px) / f64::from(*width_px);
                let pic = Pic::new_with_dimensions(bytes, *width_px, *height_px)
                    .size((w_mm * EMU_PER_MM) as u32, (h_mm.min(180.0) * EMU_PER_MM) as u32);
                let d = doc.add_paragraph(centred(Paragraph::new().keep_next(true)).add_run(Run::new().add_image(pic)));
                if c.is_empty() {
                    d
                } else {
                    d.add_paragraph(centred(Paragraph::new()).add_run(run(c, FONT_H1, SIZE_TABLE)))
                }
            }
            Block::PageBreak => doc.add_paragraph(page_break()),
        };
    }
    let mut xml = doc.build();
    xml.document = repeat_header_rows(&xml.document, tables)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| DocxError::Pack { reason: e.to_string() })?;
    deflate(&out.into_inner()).map_err(|e| DocxError::Pack { reason: format!("压缩失败：{e}") })
}

/// The package again with every part deflated (docx-rs stores them uncompressed: a full report would be
/// about ten times larger).
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut buf = Vec::new();
    for i in 0..input.len() {
        let mut f = input.by_index(i)?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().to_string();
        buf.clear();
        f.read_to_end(&mut buf)?;
        out.start_file(name, opts)?;
        out.write_all(&buf)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Marks every table's header row (the rows written with `cantSplit`) as repeating on each page.
fn repeat_header_rows(document: &[u8], tables: usize) -> Result<Vec<u8>, DocxError> {
    const ROW: &str = "<w:trPr><w:cantSplit /></w:trPr>";
    const HEADER_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";
    let text = std::str::from_utf8(document).map_err(|e| DocxError::Pack { reason: format!("正文不是 UTF-8（程序错误）：{e}") })?;
    let found = text.matches(ROW).count();
    if found != tables {
        return Err(DocxError::HeaderRows { found, tables });
    }
    Ok(text.replace(ROW, HEADER_ROW).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tints_are_light_and_millimetres_convert() {
        assert_eq!(tint("#000000"), "A6A6A6");
        assert_eq!(tint("#ffffff"), "FFFFFF");
        assert_eq!(twips(25.4), 1440);
    }
}
