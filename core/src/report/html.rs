//! The command line's HTML report: a [`DocumentSpec`] (the report outline with its title block) rendered as
//! one self-contained page, every text cleaned ([`crate::text::clean`]) and escaped.

use super::document::{editable_paragraphs, Block, DocumentSpec};

/// The HTML element of a heading level: 一、 → h2, （一） → h3, 1. → h4 (h1 is the title).
pub fn heading_tag(level: u8) -> &'static str {
    match level {
        0 | 1 => "h2",
        2 => "h3",
        _ => "h4",
    }
}

/// Escapes text for HTML after [`crate::text::clean`] (no control characters reach the page).
pub(crate) fn escape_html(t: &str) -> String {
    let t = crate::text::clean(t);
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
caption {{ font-family: 黑体, SimHei, sans-serif; font-size: 10.5pt; }} figure {{ text-align: center; }} img {{ max-width: 100%; }} .break {{ break-after: page; }} \
h1, h2, h3, h4, caption {{ break-after: avoid; page-break-after: avoid; }} .keep {{ white-space: nowrap; }} .contents p {{ text-indent: 0; }} .toc2 {{ padding-left: 2em; }} .toc3 {{ padding-left: 4em; }}\
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
                let tag = heading_tag(*level);
                h.push_str(&format!("<{tag}>{}</{tag}>\n", escape_html(text)));
            }
            Block::Paragraph { lead, text } => {
                let lead = if lead.is_empty() { String::new() } else { format!("<strong>{}</strong>", escape_html(lead)) };
                h.push_str(&format!("<p>{lead}{}</p>\n", escape_html(text)));
            }
            Block::Note { text } => h.push_str(&format!("<p class=\"note\">{}</p>\n", escape_html(text))),
            Block::Placeholder { text } => h.push_str(&format!("<p><span class=\"placeholder\">{}</span></p>\n", escape_html(text))),
            Block::Table { caption, header, rows, keep, .. } => {
                let class = |i: usize| if keep.get(i).copied().unwrap_or(false) { " class=\"keep\"" } else { "" };
                h.push_str(&format!("<table><caption>{}</caption><thead><tr>", escape_html(caption)));
                for c in header {
                    h.push_str(&format!("<th>{}</th>", escape_html(c)));
                }
                h.push_str("</tr></thead><tbody>\n");
                for r in rows {
                    h.push_str("<tr>");
                    for (i, c) in r.iter().enumerate() {
                        match c.status {
                            Some(s) => h.push_str(&format!(
                                "<td{} style=\"background:{}33\">{}</td>",
                                class(i),
                                s.color(),
                                escape_html(&c.text)
                            )),
                            None => h.push_str(&format!("<td{}>{}</td>", class(i), escape_html(&c.text))),
                        }
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</tbody></table>\n");
            }
            Block::Editable { part, .. } => match editable_paragraphs(b) {
                Some(lines) => lines.iter().for_each(|l| h.push_str(&format!("<p>{}</p>\n", escape_html(l)))),
                None => h.push_str(&format!("<p><span class=\"placeholder\">{}</span></p>\n", escape_html(&part.missing()))),
            },
            Block::Chart { png_base64, .. } if png_base64.is_empty() => {}
            Block::Chart { png_base64, caption, .. } => {
                let data: String = png_base64.chars().filter(|c| c.is_ascii_alphanumeric() || "+/=".contains(*c)).collect();
                h.push_str(&format!(
                    "<figure><img alt=\"{0}\" src=\"data:image/png;base64,{data}\"><figcaption>{0}</figcaption></figure>\n",
                    escape_html(caption)
                ));
            }
            Block::Contents => {
                h.push_str("<nav class=\"contents\"><h2>目　录</h2>\n");
                for (level, text) in spec.headings() {
                    h.push_str(&format!("<p class=\"toc{}\">{}</p>\n", level.clamp(1, 3), escape_html(&text)));
                }
                h.push_str("</nav>\n");
            }
            Block::PageBreak => h.push_str("<div class=\"break\"></div>\n"),
        }
    }
    h.push_str("</body></html>\n");
    h
}

