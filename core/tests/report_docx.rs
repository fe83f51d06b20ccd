//! Word reports: the document description (`report::document`) and the .docx written from it
//! (`report::docx`), checked structurally by unzipping the file; the command line's `lishu report` and
//! `lishu demo`; and LibreOffice (a real client) converting the file to PDF whose text has every domain and
//! indicator.
#![cfg(feature = "docx")]

use lishu_core::catalogue::{Catalogue, Plan};
use lishu_core::dataset::Dataset;
use lishu_core::demo::demo_dataset;
use lishu_core::report::docx::write_docx;
use lishu_core::report::document::{
    document_file_name, report_document, Block, ChartKind, ChartPng, DocumentSpec, PlanChoice, DEMO_NOTE,
};
use lishu_core::report::{set_text, suggestions_key, ReportKind, TextPart};
use std::io::Read;
use std::process::Command;

fn spec(ds: &Dataset, kind: ReportKind, choice: PlanChoice, unit: Option<&str>) -> DocumentSpec {
    report_document(Catalogue::embedded(), ds, kind, choice, unit, "2026年3月1日", &mut |_, _| None)
}

/// The parts of a .docx (name → text), every part's CRC checked by the zip reader.
fn parts(docx: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut s = Vec::new();
        f.read_to_end(&mut s).expect("reads (CRC ok)");
        out.insert(f.name().to_string(), String::from_utf8_lossy(&s).into_owned());
    }
    out
}

/// The `<w:p>…</w:p>` element holding `text` outside the 目录 (whose entries repeat the headings).
fn paragraph_with<'a>(doc: &'a str, text: &str) -> &'a str {
    let needle = format!(">{text}<");
    doc.match_indices(&needle)
        .map(|(at, _)| {
            let start = doc[..at].rfind("<w:p>").into_iter().chain(doc[..at].rfind("<w:p ")).max().expect("paragraph start");
            let end = at + doc[at..].find("</w:p>").expect("paragraph end");
            &doc[start..end]
        })
        .find(|p| !p.contains(r#"<w:pStyle w:val="ToC"#))
        .unwrap_or_else(|| panic!("{text} not in the document outside the 目录"))
}

/// The `<w:style>` element of a style id.
fn style_xml<'a>(styles: &'a str, id: &str) -> &'a str {
    let at = styles.find(&format!(r#"w:styleId="{id}""#)).unwrap_or_else(|| panic!("style {id} missing"));
    let end = at + styles[at..].find("</w:style>").expect("style end");
    &styles[at..end]
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lishu-docx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

/// A 1×1 PNG.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

#[test]
fn the_final_report_of_both_plans_has_every_domain_indicator_and_the_suggestions() {
    let cat = Catalogue::embedded();
    let mut ds = demo_dataset(cat);
    let key = suggestions_key(Plan::Children, ReportKind::Final, None);
    set_text(&mut ds, &key, "一、加大儿童保健投入。\n\n二、<落实>“双减”要求。");
    let spec = spec(&ds, ReportKind::Final, PlanChoice::Both, None);
    let texts = spec.texts().join("\n");
    assert!(spec.title.contains(&cat.title) && spec.title.ends_with("终期评估报告"), "{}", spec.title);
    for d in &cat.domains {
        let found = spec.blocks.iter().any(|b| matches!(b, Block::Heading { level: 2, text } if text.ends_with(&d.name)));
        assert!(found, "domain heading {}", d.name);
    }
    for r in cat.indicators() {
        assert!(texts.contains(&r.indicator.id), "indicator {}", r.indicator.id);
    }
    assert!(texts.contains("二、<落实>“双减”要求。"), "the saved text as typed");
    assert!(texts.contains(&TextPart::Measures.missing()));
    // The women's part has no saved text: its 对策建议 is a placeholder.
    let empty_suggestions = |b: &&Block| matches!(b, Block::Editable { part: TextPart::Suggestions, text, .. } if text.is_empty());
    assert_eq!(spec.blocks.iter().filter(empty_suggestions).count(), 1);
    assert_eq!(texts.matches(&TextPart::Suggestions.missing()).count(), 1);
    assert!(texts.contains(DEMO_NOTE) && spec.page_header.contains("演示数据"));
    assert_eq!(spec.blocks.iter().filter(|b| matches!(b, Block::Part { .. })).count(), 2);

    let mut spec = spec;
    spec.created = "2026-03-01T09:30:00+08:00".into();
    let docx = write_docx(&spec).expect("written");
    let p = parts(&docx);
    assert!(p["docProps/core.xml"].contains("2026-03-01T09:30:00+08:00"));
    for name in ["[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/footer1.xml", "word/header1.xml"] {
        assert!(p.contains_key(name), "part {name}");
    }
    let doc = &p["word/document.xml"];
    // A4 and the GB/T 9704 margins (twips): 37 / 35 / 28 / 26 mm.
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    for (side, v) in [("top", 2098), ("bottom", 1984), ("left", 1587), ("right", 1474)] {
        assert!(doc.contains(&format!(r#"w:{side}="{v}""#)), "margin {side} = {v}");
    }
    // Real tables, each with a repeating header row: one per table block of the outline.
    let tables = doc.matches("<w:tbl>").count();
    let spec_tables = spec.blocks.iter().filter(|b| matches!(b, Block::Table { .. })).count();
    // Per plan at least: the summary, the no-data table, the two appendix tables.
    assert!(tables == spec_tables && tables >= 2 * 4, "tables {tables} / {spec_tables}");
    assert_eq!(doc.matches("<w:tblHeader />").count(), tables);
    assert!(doc.contains("一、摘要") && doc.contains("三、各领域目标实现情况") && doc.contains("五、对策建议"));
    // Headings are paragraphs of the styles 标题 1–3 (Word's "heading 1"–"heading 3"), without direct fonts.
    let first_domain = format!("（一）{}", cat.domains[0].name);
    for (text, style) in [("一、摘要", "Heading1"), ("五、对策建议", "Heading1"), (first_domain.as_str(), "Heading2")] {
        let para = paragraph_with(doc, text);
        assert!(para.contains(&format!(r#"<w:pStyle w:val="{style}" />"#)), "{text}: {para}");
        assert!(!para.contains("w:rFonts") && !para.contains("<w:sz "), "{text} has direct formatting: {para}");
    }
    let title = paragraph_with(doc, &spec.title);
    assert!(title.contains(r#"<w:pStyle w:val="Title" />"#) && !title.contains("w:rFonts"), "{title}");
    // The styles carry the GB/T 9704 fonts and outline levels: title 小标宋 2号, 一、 黑体, （一） 楷体, body 仿宋 3号.
    let styles = &p["word/styles.xml"];
    for (id, name, font, level) in [("Heading1", "heading 1", "黑体", "0"), ("Heading2", "heading 2", "楷体", "1"), ("Heading3", "heading 3", "仿宋", "2")] {
        let st = style_xml(styles, id);
        assert!(st.contains(&format!(r#"<w:name w:val="{name}" />"#)), "{st}");
        assert!(st.contains(&format!(r#"w:eastAsia="{font}""#)) && st.contains(&format!(r#"<w:outlineLvl w:val="{level}" />"#)), "{st}");
    }
    let st = style_xml(styles, "Title");
    assert!(st.contains(r#"w:eastAsia="方正小标宋简体""#) && st.contains(r#"<w:sz w:val="44" />"#), "{st}");
    assert!(styles.contains("仿宋") && styles.contains(r#"<w:sz w:val="32" />"#));
    // The 目录 after the title block: a line per heading with a page reference to the heading's bookmark
    // (no TOC field: LibreOffice would show its stored result without page numbers).
    let toc = doc.find("目　录").expect("a 目录");
    assert!(toc < doc.find("PAGEREF _Toc00000001").expect("page reference") && !doc.contains("TOC \\o"));
    assert!(doc.contains(r#"<w:bookmarkStart w:id="1" w:name="_Toc00000001" />"#), "bookmark on the first heading");
    assert!(doc.matches(r#"<w:pStyle w:val="ToC1" />"#).count() >= 2 * 7, "TOC entries of level 1");
    assert!(doc.matches("PAGEREF").count() >= spec.headings().len(), "a page reference per heading");
    // Status cells: shaded and labelled in words.
    assert!(doc.contains(r#"w:fill="D9D9D9""#));
    assert!(doc.contains("提前实现") && doc.contains("尚存差距") && doc.contains("无数据"));
    assert!(doc.contains("w:shd") && doc.matches("w:fill=").count() > 297);
    // Page numbers in the footer; 演示数据 in the header.
    assert!(p["word/footer1.xml"].contains("PAGE"), "{}", p["word/footer1.xml"]);
    assert!(p["word/header1.xml"].contains("演示数据"));
    assert!(doc.contains("二、&lt;落实&gt;“双减”要求。"), "user text escaped, not markup");
}

#[test]
fn a_report_without_data_is_a_valid_document_that_says_so() {
    let spec = spec(&Dataset::default(), ReportKind::MidTerm, PlanChoice::One(Plan::Women), None);
    let texts = spec.texts().join("\n");
    assert!(texts.contains("尚无监测数据"), "{texts}");
    assert!(!texts.contains(DEMO_NOTE));
    let p = parts(&write_docx(&spec).expect("written"));
    assert!(p["word/document.xml"].contains("尚无监测数据"));
    assert!(!p.contains_key("word/header1.xml") || !p["word/header1.xml"].contains("演示数据"));
}

#[test]
fn a_units_report_has_its_role_column_and_name() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let unit = cat.units().into_iter().next().expect("a unit");
    let spec = spec(&ds, ReportKind::Annual(cat.period.first + 1), PlanChoice::One(Plan::Women), Some(&unit));
    let has_role = spec.blocks.iter().any(|b| matches!(b, Block::Table { header, .. } if header.iter().any(|h| h == "本单位")));
    assert!(has_role);
    assert!(spec.texts().join("\n").contains(&format!("范围：{unit}")));
    let name = document_file_name(cat, ReportKind::Final, PlanChoice::One(Plan::Women), Some(&unit));
    assert!(name.starts_with(cat.plan_title(Plan::Women)) && name.ends_with(&format!("终期评估报告（{unit}）.docx")), "{name}");
    assert_eq!(document_file_name(cat, ReportKind::MidTerm, PlanChoice::Both, Some("a/b")), format!("{}中期评估报告（a_b）.docx", cat.title));
}

#[test]
fn charts_are_embedded_pictures_and_bad_pictures_are_refused_in_chinese() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let chart = ChartPng { png_base64: PNG_1X1.into(), width_px: 800, height_px: 400 };
    let spec = report_document(cat, &ds, ReportKind::Final, PlanChoice::One(Plan::Women), None, "", &mut |_, _| Some(chart.clone()));
    let p = parts(&write_docx(&spec).expect("written"));
    assert!(p.keys().any(|k| k.starts_with("word/media/") && k.ends_with(".png")), "{:?}", p.keys().collect::<Vec<_>>());
    assert_eq!(p["word/document.xml"].matches("<w:drawing>").count(), 2, "both charts");
    let caption = ChartKind::DomainAttainment.caption(cat.plan_title(Plan::Women));
    assert!(p["word/document.xml"].contains("<w:drawing>") && p["word/document.xml"].contains(&caption));
    // Without pictures (the command line) the chart blocks are left out.
    let none = report_document(cat, &ds, ReportKind::Final, PlanChoice::One(Plan::Women), None, "", &mut |_, _| None);
    assert!(!parts(&write_docx(&none).expect("written"))["word/document.xml"].contains(&caption));

    let mut bad = spec.clone();
    for b in &mut bad.blocks {
        if let Block::Chart { png_base64, .. } = b {
            *png_base64 = "不是图片".into();
        }
    }
    let e = write_docx(&bad).expect_err("refused").to_string();
    assert!(e.contains("图 ") && e.contains(cat.plan_title(Plan::Women)), "{e}");
    let mut other = spec.clone();
    other.kind = "something".into();
    assert!(write_docx(&other).expect_err("refused").to_string().contains("类型"));
    // A spec from JSON (the browser's way in) round-trips.
    let json = serde_json::to_string(&spec).expect("json");
    assert_eq!(serde_json::from_str::<DocumentSpec>(&json).expect("parses"), spec);
}

fn lishu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lishu")).args(args).output().expect("run lishu")
}

#[test]
fn the_command_line_writes_demo_data_and_reports() {
    let data = tmp("演示数据.json");
    let out = lishu(&["demo", "-o", data.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docx = tmp("终期.docx");
    let out = lishu(&["report", "--kind", "final", "--plan", "children", "-o", docx.to_str().expect("p"), data.to_str().expect("p")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = &parts(&std::fs::read(&docx).expect("written"))["word/document.xml"];
    let cat = Catalogue::embedded();
    for r in cat.indicators().into_iter().filter(|r| r.domain.plan == Plan::Children) {
        assert!(doc.contains(&r.indicator.id), "{}", r.indicator.id);
    }
    for d in cat.domains.iter().filter(|d| d.plan == Plan::Women) {
        assert!(!doc.contains(&format!("）{}</w:t>", d.name)), "children only: {}", d.name);
    }
    assert!(doc.contains("演示数据") || doc.contains(DEMO_NOTE));

    let html = tmp("年度.html");
    let y = (cat.period.first + 1).to_string();
    let out = lishu(&["report", "--kind", "annual", "--year", &y, "--plan", "women", "--format", "html", "-o", html.to_str().expect("p"), data.to_str().expect("p")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&html).expect("html");
    assert!(text.contains(&format!("{y}年度监测报告")) && text.contains("<table>") && text.contains("W1-1-1"));

    // Bad input: Chinese messages, usage errors exit 1, bad files 2.
    let out = lishu(&["report", "--kind", "midterm", "--year", &y, "-o", "x.docx", data.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("只用于年度监测报告"));
    let out = lishu(&["report", "--kind", "annual", "--year", "1999", "-o", "x.docx", data.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("规划期"));
    let out = lishu(&["report", "--kind", "final", "--unit", "不存在的单位", "-o", "x.docx", data.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不在单位列表中"));
    let bad = tmp("坏.json");
    std::fs::write(&bad, "{").expect("write");
    let out = lishu(&["report", "--kind", "final", "-o", "x.docx", bad.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("坏.json"));
}

/// `soffice --headless --convert-to pdf` of a .docx in a fresh profile; the PDF's text (pdftotext).
/// Panics when LibreOffice or poppler is missing (`scripts/setup.sh` installs them).
pub fn libreoffice_text(docx: &std::path::Path) -> (std::path::PathBuf, String) {
    let dir = docx.parent().expect("dir").join(format!("lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(docx)
        .output()
        .expect("soffice (LibreOffice Writer) must be installed: run scripts/setup.sh");
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join(docx.with_extension("pdf").file_name().expect("name"));
    assert!(pdf.exists(), "no PDF: {}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success());
    (pdf, String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn libreoffice_opens_the_report_and_its_text_has_every_domain_and_indicator() {
    let cat = Catalogue::embedded();
    let spec = spec(&demo_dataset(cat), ReportKind::Final, PlanChoice::Both, None);
    let docx = tmp("libreoffice.docx");
    std::fs::write(&docx, write_docx(&spec).expect("written")).expect("write");
    let (pdf, text) = libreoffice_text(&docx);
    // pdftotext may break a long line; compare without whitespace.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for d in &cat.domains {
        assert!(flat.contains(&d.name), "domain {} missing from the PDF", d.name);
    }
    for r in cat.indicators() {
        assert!(flat.contains(&r.indicator.id), "indicator {} missing from the PDF", r.indicator.id);
    }
    assert!(flat.contains("一、摘要") && flat.contains("—2—"), "headings and page numbers");
    // The 目录 is filled: its lines end in the page numbers LibreOffice computed, rising through the document.
    let toc: Vec<u32> = text
        .lines()
        .filter_map(|l| l.trim_end().rsplit_once("...").map(|(_, n)| n.trim_start_matches('.').trim().to_string()))
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(toc.len() >= 2 * cat.domains.len(), "目录 lines with page numbers: {toc:?}\n{}", &text[..text.len().min(3000)]);
    assert!(toc.windows(2).all(|w| w[0] <= w[1]) && toc.last() > toc.first(), "page numbers rise: {toc:?}");
    if let Ok(dir) = std::env::var("LISHU_DOCX_PNG") {
        // For looking at the pages: pdftoppm -png -r 60 of the first pages.
        let _ = Command::new("pdftoppm").args(["-png", "-r", "60", "-f", "1", "-l", "4"]).arg(&pdf).arg(format!("{dir}/page")).status();
    }
}
