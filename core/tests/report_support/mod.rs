//! Shared by `report_agree.rs` and `unicode_writers.rs`: what a report says — its headings with their levels and
//! every table (caption, header row, cells) — read three ways: from the outline ([`DocumentSpec`]), from the
//! .docx (word/document.xml, parsed with quick-xml) and from the HTML page; and a strict XML 1.0 check of a part.
#![allow(dead_code)]

use lishu_core::report::document::{Block, DocumentSpec};
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::Read;

/// One table: caption, header row, body rows (cell texts, lines joined by `\n`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableText {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What a rendering says: headings as (kind, text) with kind "title", "part", "h1", "h2", "h3" (outline heading
/// levels 1–3), and the tables in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Said {
    pub headings: Vec<(String, String)>,
    pub tables: Vec<TableText>,
}

fn level_kind(level: u8) -> String {
    format!("h{}", level.clamp(1, 3))
}

/// From the outline, as the writers must write it (every text cleaned, [`DocumentSpec::cleaned`]).
pub fn from_outline(spec: &DocumentSpec) -> Said {
    let spec = spec.cleaned();
    let mut s = Said::default();
    for b in &spec.blocks {
        match b {
            Block::Title { text } => s.headings.push(("title".into(), text.clone())),
            Block::Part { text } => s.headings.push(("part".into(), text.clone())),
            Block::Heading { level, text } => s.headings.push((level_kind(*level), text.clone())),
            Block::Table { caption, header, rows, .. } => s.tables.push(TableText {
                caption: caption.clone(),
                header: header.clone(),
                rows: rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect(),
            }),
            _ => {}
        }
    }
    s
}

/// The parts of a .docx (name → bytes), every entry's CRC checked by the zip reader.
pub fn docx_parts(docx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("reads (CRC ok)");
        out.insert(String::from_utf8_lossy(f.name_raw()).into_owned(), b);
    }
    out
}

/// Is `c` allowed in XML 1.0?
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Checks that `bytes` is a well-formed XML 1.0 document: UTF-8, only characters XML 1.0 allows (raw or as
/// character references), tags balanced and matching, attributes well-formed and not repeated, one root.
/// quick-xml alone does not check characters, so they are checked here.
pub fn check_xml(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8: {e}"))?;
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !xml_char(*c)) {
        return Err(format!("{name}: character {c:?} (U+{:04X}) at byte {at} is not allowed in XML 1.0", c as u32));
    }
    let mut r = quick_xml::Reader::from_str(text);
    let dec = r.decoder();
    let (mut depth, mut roots) = (0usize, 0usize);
    let attrs = |e: &quick_xml::events::BytesStart| -> Result<(), String> {
        for a in e.attributes() {
            let a = a.map_err(|x| format!("{name}: bad attribute: {x}"))?;
            let v = a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, dec).map_err(|x| format!("{name}: bad attribute value: {x}"))?;
            if let Some(c) = v.chars().find(|c| !xml_char(*c)) {
                return Err(format!("{name}: attribute holds U+{:04X}", c as u32));
            }
        }
        Ok(())
    };
    loop {
        match r.read_event().map_err(|e| format!("{name}: at {}: {e}", r.buffer_position()))? {
            Event::Start(e) => {
                attrs(&e)?;
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                attrs(&e)?;
                if depth == 0 {
                    roots += 1;
                }
            }
            Event::End(_) => depth = depth.checked_sub(1).ok_or_else(|| format!("{name}: end tag without start"))?,
            Event::GeneralRef(g) => {
                if g.is_char_ref() {
                    match g.resolve_char_ref().map_err(|e| format!("{name}: {e}"))? {
                        Some(c) if xml_char(c) => {}
                        other => return Err(format!("{name}: character reference to {other:?}")),
                    }
                } else {
                    let n = g.decode().map_err(|e| format!("{name}: {e}"))?;
                    if !["amp", "lt", "gt", "quot", "apos"].contains(&n.as_ref()) {
                        return Err(format!("{name}: undeclared entity &{n};"));
                    }
                }
            }
            Event::Text(t) => {
                if depth == 0 && !t.decode().map_err(|e| format!("{name}: {e}"))?.trim().is_empty() {
                    return Err(format!("{name}: text outside the root element"));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 || roots != 1 {
        return Err(format!("{name}: {depth} unclosed elements, {roots} root elements"));
    }
    Ok(())
}

/// Every XML part of a .docx (`.xml` and `.rels` entries) checked by [`check_xml`].
pub fn check_docx_parts(docx: &[u8]) -> Result<usize, String> {
    let parts = docx_parts(docx);
    let mut n = 0;
    for (name, bytes) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            check_xml(name, bytes)?;
            n += 1;
        }
    }
    Ok(n)
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    let dec = quick_xml::Reader::from_str("").decoder();
    e.try_get_attribute(key).ok().flatten().and_then(|a| a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, dec).ok().map(|v| v.into_owned()))
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// From word/document.xml: a paragraph of style `Title` is the title, `Heading1`–`Heading3` a heading of that
/// level, an unstyled paragraph with outline level 0 a part; a table's caption is the body paragraph just
/// before it, its first row the header. Text of `w:t`, `w:br` (text wrapping) as `\n`, a cell's paragraphs
/// joined by `\n`. The 目录's entries (styles ToC1–3) are not headings.
pub fn from_docx(document_xml: &str) -> Said {
    let mut s = Said::default();
    let mut r = quick_xml::Reader::from_str(document_xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut para: Option<Para> = None;
    let mut last_body_para = String::new();
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut caption = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<Vec<String>> = None;
    let mut in_t = false;
    loop {
        let ev = r.read_event().expect("document.xml parses");
        let (start, e) = match &ev {
            Event::Start(e) => (true, Some(e.clone())),
            Event::Empty(e) => (false, Some(e.clone())),
            _ => (false, None),
        };
        if let Some(e) = e {
            let name = e.name().as_ref().to_vec();
            let parent = stack.last().map(Vec::as_slice);
            match name.as_slice() {
                b"w:p" => para = Some(Para::default()),
                b"w:pStyle" if parent == Some(b"w:pPr") => {
                    if let Some(p) = para.as_mut() {
                        p.style = attr(&e, b"w:val");
                    }
                }
                b"w:outlineLvl" if parent == Some(b"w:pPr") => {
                    if let Some(p) = para.as_mut() {
                        p.outline = attr(&e, b"w:val");
                    }
                }
                b"w:br" => {
                    let kind = attr(&e, b"w:type").unwrap_or_default();
                    if let (Some(p), "textWrapping" | "") = (para.as_mut(), kind.as_str()) {
                        p.text.push('\n');
                    }
                }
                b"w:t" if start => in_t = true,
                b"w:tbl" => {
                    table = Some(Vec::new());
                    caption = std::mem::take(&mut last_body_para);
                }
                b"w:tr" => row = Vec::new(),
                b"w:tc" => cell = Some(Vec::new()),
                _ => {}
            }
            if start {
                stack.push(name);
            } else if name == b"w:p" {
                // An empty paragraph <w:p />: ends here.
                stack.push(name);
                end_paragraph(&mut para, &mut cell, &mut last_body_para, &mut s, table.is_some());
                stack.pop();
            }
            continue;
        }
        match ev {
            Event::Text(t) if in_t => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&t.decode().expect("utf-8"));
                }
            }
            Event::GeneralRef(g) if in_t => {
                let c = if g.is_char_ref() {
                    g.resolve_char_ref().expect("char ref").expect("a character")
                } else {
                    predefined(&g.decode().expect("utf-8")).expect("predefined entity")
                };
                if let Some(p) = para.as_mut() {
                    p.text.push(c);
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_vec();
                stack.pop();
                match name.as_slice() {
                    b"w:t" => in_t = false,
                    b"w:p" => end_paragraph(&mut para, &mut cell, &mut last_body_para, &mut s, table.is_some()),
                    b"w:tc" => row.push(cell.take().unwrap_or_default().join("\n")),
                    b"w:tr" => {
                        if let Some(t) = table.as_mut() {
                            t.push(std::mem::take(&mut row));
                        }
                    }
                    b"w:tbl" => {
                        let mut rows = table.take().unwrap_or_default().into_iter();
                        let header = rows.next().unwrap_or_default();
                        s.tables.push(TableText { caption: std::mem::take(&mut caption), header, rows: rows.collect() });
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    s
}

fn end_paragraph(para: &mut Option<Para>, cell: &mut Option<Vec<String>>, last: &mut String, s: &mut Said, in_table: bool) {
    let Some(p) = para.take() else { return };
    if in_table {
        if let Some(c) = cell.as_mut() {
            c.push(p.text);
        }
        return;
    }
    match (p.style.as_deref(), p.outline.as_deref()) {
        (Some("Title"), _) => s.headings.push(("title".into(), p.text.clone())),
        (Some(st), _) if st.starts_with("Heading") => {
            let level: u8 = st["Heading".len()..].parse().expect("Heading1..3");
            s.headings.push((level_kind(level), p.text.clone()));
        }
        (None, Some("0")) => s.headings.push(("part".into(), p.text.clone())),
        _ => {}
    }
    *last = p.text;
}

#[derive(Default)]
struct Para {
    style: Option<String>,
    outline: Option<String>,
    text: String,
}

/// Undoes the HTML writer's escapes (`&amp; &lt; &gt; &quot; &#39;`; any other `&…;` is a test failure).
fn unescape_html(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').map(|e| at + e).unwrap_or_else(|| panic!("bare & in HTML text: {rest}"));
        out.push(match &rest[at + 1..end] {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "#39" => '\'',
            other => panic!("unexpected entity &{other};"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// From the HTML page (our own writer's output, read tag by tag): `h1` is the title, `h2 class="part"` a
/// part, `h2`/`h3`/`h4` headings of levels 1/2/3 (the 目录 inside `<nav>` is not part of the text's
/// headings); every `<table>`'s `caption`, `th` and, row by row, `td`.
pub fn from_html(html: &str) -> Said {
    let mut s = Said::default();
    let mut rest = html;
    let mut capture: Option<(String, String)> = None; // (kind, text)
    let mut in_nav = false;
    let mut row: Option<Vec<String>> = None;
    while let Some(lt) = rest.find('<') {
        if let Some((_, text)) = capture.as_mut() {
            text.push_str(&rest[..lt]);
        }
        let gt = lt + rest[lt..].find('>').expect("tag end");
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        match (closing, name.as_str()) {
            (false, "style") => {
                let end = rest.find("</style>").expect("style end");
                rest = &rest[end..];
            }
            (false, "nav") => in_nav = true,
            (true, "nav") => in_nav = false,
            (false, "table") => s.tables.push(TableText::default()),
            (false, "tr") => row = Some(Vec::new()),
            (true, "tr") => {
                let t = s.tables.last_mut().expect("a table");
                let r = row.take().expect("a row");
                if !r.is_empty() {
                    t.rows.push(r);
                }
            }
            (false, "h1" | "h2" | "h3" | "h4" | "th" | "td" | "caption") if !in_nav => {
                let kind = match name.as_str() {
                    "h1" => "title".to_string(),
                    "h2" if tag.contains("class=\"part\"") => "part".to_string(),
                    "h2" => "h1".to_string(),
                    "h3" => "h2".to_string(),
                    "h4" => "h3".to_string(),
                    n => n.to_string(),
                };
                capture = Some((kind, String::new()));
            }
            (true, "h1" | "h2" | "h3" | "h4" | "th" | "td" | "caption") if !in_nav => {
                let (kind, raw) = capture.take().expect("an open element");
                let text = unescape_html(&raw);
                match kind.as_str() {
                    "caption" => s.tables.last_mut().expect("a table").caption = text,
                    "th" => s.tables.last_mut().expect("a table").header.push(text),
                    "td" => row.as_mut().expect("a row").push(text),
                    _ => s.headings.push((kind, text)),
                }
            }
            _ => {}
        }
    }
    s
}

/// Compares what the outline, the .docx and the HTML say; Err names the first difference.
pub fn agree(outline: &Said, docx: &Said, html: &Said) -> Result<(), String> {
    for (what, other) in [("docx", docx), ("html", html)] {
        if outline.headings != other.headings {
            let i = (0..).find(|i| outline.headings.get(*i) != other.headings.get(*i)).unwrap_or(0);
            return Err(format!(
                "headings differ ({what}) at {i}: outline {:?} vs {what} {:?} ({} vs {} headings)",
                outline.headings.get(i),
                other.headings.get(i),
                outline.headings.len(),
                other.headings.len()
            ));
        }
        if outline.tables.len() != other.tables.len() {
            return Err(format!("{} tables in the outline, {} in the {what}", outline.tables.len(), other.tables.len()));
        }
        for (n, (a, b)) in outline.tables.iter().zip(&other.tables).enumerate() {
            if a.caption != b.caption {
                return Err(format!("table {n} caption ({what}): {:?} vs {:?}", a.caption, b.caption));
            }
            if a.header != b.header {
                return Err(format!("table {n} header ({what}): {:?} vs {:?}", a.header, b.header));
            }
            if a.rows.len() != b.rows.len() {
                return Err(format!("table {n} ({}) rows ({what}): {} vs {}", a.caption, a.rows.len(), b.rows.len()));
            }
            for (i, (ra, rb)) in a.rows.iter().zip(&b.rows).enumerate() {
                if ra != rb {
                    return Err(format!("table {n} ({}) row {i} ({what}): {ra:?} vs {rb:?}", a.caption));
                }
            }
        }
    }
    Ok(())
}
