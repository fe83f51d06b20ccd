//! Any Unicode text a user can store goes through every writer: the Word report of each kind, the HTML page
//! and the CSV export (the Excel workbook: `xlsx/tests/unicode.rs`, the writer is in that crate). The texts that
//! reach documents are the report texts (工作措施与成效, 原因分析, 对策建议 under their keys), unit names (a unit
//! added and made lead unit of indicators: table cells, the scope line), and entry text (a value that is not
//! a number reaches the report's 填报错误 section with its text; notes are stored too, though no document shows
//! them). Strategies include every C0 control, C1 controls, U+FFFE/U+FFFF, bidi controls (U+202E), emoji, CJK,
//! markup and CSV characters. Lone surrogates cannot exist in a Rust `String`: they can only arrive as a JSON
//! escape (`"\ud800"`), which the data-file reader refuses with a message (tested below).
//!
//! Checks: no panic; every XML part of each .docx is well-formed XML 1.0 (quick-xml plus a character check);
//! outline, .docx and HTML still agree (headings, tables, cells); the HTML holds no control character but
//! `\n` and `\t`; the CSV parses back (RFC 4180) to the right shape with the unit's name, formula-safe.
//! One deterministic test writes a 200,000-character text; one converts a .docx of nasty text to PDF with
//! LibreOffice (skipped with a note when `soffice` is not installed).
#![cfg(feature = "docx")]

mod report_support;

use lishu_core::catalogue::{Catalogue, Plan};
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::demo::demo_dataset;
use lishu_core::eval::evaluate;
use lishu_core::io::{evaluation_csv, export_dataset, read_file};
use lishu_core::report::document::{report_document, DocumentSpec, PlanChoice};
use lishu_core::report::html::to_html;
use lishu_core::report::docx::write_docx;
use lishu_core::report::{set_text, text_key, ReportKind, TextPart};
use lishu_core::text::clean;
use lishu_core::units::{add_unit, set_lead};
use proptest::prelude::*;
use report_support::{agree, check_docx_parts, docx_parts, from_docx, from_html, from_outline};

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

/// Characters that break writers: C0 controls, C1 controls, non-characters, bidi and zero-width marks,
/// markup and CSV/formula characters, emoji (with joiners and modifiers), CJK, Arabic.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => (0u32..0x20).prop_map(|c| char::from_u32(c).expect("C0")),
        1 => (0x7Fu32..0xA0).prop_map(|c| char::from_u32(c).expect("C1")),
        1 => prop::sample::select(vec!['\u{FFFE}', '\u{FFFF}', '\u{FFFD}', '\u{FEFF}', '\u{1FFFE}', '\u{FDD0}', '\u{10FFFF}']),
        1 => prop::sample::select(vec!['\u{202E}', '\u{202D}', '\u{200F}', '\u{200E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200D}', '\u{2028}', '\u{2029}']),
        2 => prop::sample::select(vec!['<', '>', '&', '"', '\'', ',', ';', '=', '+', '-', '@', ' ', '\r', '\n', ']', '【', '“']),
        2 => prop::sample::select(vec!['👩', '👧', '\u{1F3FD}', '🇨', '🇳', '😀', '\u{FE0F}', '\u{E000}', '\u{F8FF}']),
        3 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        1 => prop::char::range('\u{0600}', '\u{06FF}'),
        2 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// A fixed string with every kind of trouble, for the deterministic tests.
fn nasty_sample() -> String {
    let mut s = String::from("梨树区中文测试 ");
    s.extend((0u32..0x20).filter_map(char::from_u32));
    s.push_str("\u{FFFE}\u{FFFF}\u{85}\u{9F} \u{202E}RTL\u{202C} 👩‍👧 😀 🇨🇳 مرحبا <b>&amp;</b> \"q\",=1+1 @x\r\n第二行\u{0B}第三行\u{0C}第四行");
    s
}

/// The texts of the case stored where documents take them from; returns the dataset and the unit's name.
fn dataset_with(text: &str, unit: &str, value: &str, note: &str) -> (Dataset, String) {
    let cat = cat();
    let mut ds = demo_dataset(cat);
    let unit = match add_unit(&mut ds, cat, unit) {
        Ok(()) => unit.trim().to_string(),
        Err(_) => {
            // Empty after trimming, or a name already in the list: a prefixed name.
            let u = format!("单位{unit}").trim().to_string();
            add_unit(&mut ds, cat, &u).expect("a new unit");
            u
        }
    };
    // The unit leads the first three indicators of each plan.
    for plan in Plan::ALL {
        for r in cat.indicators().into_iter().filter(|r| r.domain.plan == plan).take(3) {
            set_lead(&mut ds, cat, &r.indicator.id, &unit);
        }
    }
    for plan in Plan::ALL {
        for kind in kinds() {
            for scope in [None, Some(unit.as_str())] {
                for part in TextPart::ALL {
                    set_text(&mut ds, &text_key(plan, kind, scope, part), text);
                }
            }
        }
    }
    // A value that is not a number (its text is quoted in 填报错误) and a note, in the assessed years.
    let ind = cat.indicators()[0].indicator.id.clone();
    for year in [cat.period.first + 1, cat.period.midterm, cat.period.last] {
        ds.set_entry(&ind, year, YearEntry { value: format!("x{value}"), note: note.to_string(), ..Default::default() });
    }
    (ds, unit)
}

fn kinds() -> [ReportKind; 3] {
    [ReportKind::Annual(cat().period.first + 1), ReportKind::MidTerm, ReportKind::Final]
}

/// HTML must carry no control character but line feed and tab (C0, DEL, C1; CR included).
fn check_html(html: &str) -> Result<(), String> {
    match html.char_indices().find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\t')) {
        Some((at, c)) => {
            let before: String = html[..at].chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
            Err(format!("HTML holds U+{:04X} at byte {at}, after {before:?}", c as u32))
        }
        None => Ok(()),
    }
}

/// One document through both writers: XML parts well-formed, HTML clean, the three readings agree.
fn check_document(label: &str, spec: &DocumentSpec) -> Result<(), String> {
    let docx = write_docx(spec).map_err(|e| format!("{label}: not written: {e}"))?;
    check_docx_parts(&docx).map_err(|e| format!("{label}: {e}"))?;
    let xml = String::from_utf8(docx_parts(&docx).remove("word/document.xml").expect("document part")).expect("utf-8");
    let html = to_html(spec);
    check_html(&html).map_err(|e| format!("{label}: {e}"))?;
    agree(&from_outline(spec), &from_docx(&xml), &from_html(&html)).map_err(|e| format!("{label}: {e}"))
}

/// RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold commas, quotes (doubled),
/// CR and LF. Err on anything else (a quote inside an unquoted field, text after a closing quote).
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                        None => return Err("unterminated quoted field".into()),
                    }
                }
                if !matches!(chars.peek(), Some(',') | Some('\r') | None) {
                    return Err(format!("text after a closing quote: {:?}", chars.peek()));
                }
                at_field_start = false;
            }
            '"' => return Err(format!("quote inside an unquoted field {field:?}")),
            ',' => {
                row.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("CR without LF outside quotes".into());
                }
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            '\n' => return Err("LF without CR outside quotes".into()),
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        return Err("last record without CRLF".into());
    }
    Ok(rows)
}

/// The CSV of the dataset parses back: BOM, header and one record per indicator, all of the same width; the
/// unit's name is the lead-unit cell of the indicators it leads, as cleaned, never starting a formula.
fn check_csv(ds: &Dataset, unit: &str) -> Result<(), String> {
    let cat = cat();
    let ev = evaluate(cat, ds, cat.period.last);
    let csv = evaluation_csv(cat, ds, &ev);
    let body = csv.strip_prefix('\u{feff}').ok_or("no BOM")?;
    let rows = parse_csv(body)?;
    let n = cat.indicators().len();
    if rows.len() != n + 1 || rows.iter().any(|r| r.len() != rows[0].len()) {
        return Err(format!("{} records (want {}), widths {:?}", rows.len(), n + 1, rows.iter().map(Vec::len).collect::<Vec<_>>()));
    }
    let lead = rows[0].iter().position(|h| h == "牵头单位").ok_or("no 牵头单位 column")?;
    let want = clean(unit).to_string();
    let mut found = 0;
    for r in &rows[1..] {
        let c = &r[lead];
        if c.starts_with(['=', '+', '-', '@']) {
            return Err(format!("lead unit cell {c:?} starts a formula"));
        }
        if *c == want || c.strip_prefix('\'') == Some(want.as_str()) {
            found += 1;
        }
    }
    if found != 6 {
        return Err(format!("the unit {want:?} is the lead-unit cell of {found} rows, want 6"));
    }
    Ok(())
}

fn check_case(text: &str, unit: &str, value: &str, note: &str) -> Result<(), String> {
    let cat = cat();
    let (ds, unit) = dataset_with(text, unit, value, note);
    // Every kind; the unit's and the district's reports, one plan and both (kept to three documents a case
    // so that the test stays quick in debug builds).
    let [annual, midterm, last] = kinds();
    let unit = unit.as_str();
    let docs = [
        (annual, PlanChoice::One(Plan::Women), Some(unit)),
        (midterm, PlanChoice::One(Plan::Children), None),
        (last, PlanChoice::Both, Some(unit)),
    ];
    for (kind, choice, scope) in docs {
        let spec = report_document(cat, &ds, kind, choice, scope, "2026年3月1日", &mut |_, _| None);
        check_document(&format!("{kind:?} {choice:?} {scope:?}"), &spec)?;
    }
    check_csv(&ds, &unit)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_goes_through_every_writer(
        text in nasty_string(60),
        unit in nasty_string(16),
        value in nasty_string(12),
        note in nasty_string(12),
    ) {
        if let Err(e) = check_case(&text, &unit, &value, &note) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn the_fixed_nasty_sample_goes_through_every_writer() {
    let s = nasty_sample();
    check_case(&s, &s, &s, &s).unwrap_or_else(|e| panic!("{e}"));
    // Leading characters that would start a formula once a control character before them is dropped.
    check_case("x", "\u{1}=HYPERLINK(\"http://x\")", "1", "").unwrap_or_else(|e| panic!("{e}"));
    check_case("x", "\u{0B}@SUM(A1)", "1", "").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_text_of_200000_characters_goes_through_every_writer() {
    let t = std::time::Instant::now();
    let sample: Vec<char> = nasty_sample().chars().collect();
    let long: String = (0..200_000).map(|i| sample[i % sample.len()]).collect();
    assert_eq!(long.chars().count(), 200_000);
    let cat = cat();
    let (mut ds, unit) = dataset_with("短", "区长文本测试单位", "1", &long);
    set_text(&mut ds, &text_key(Plan::Women, ReportKind::Final, None, TextPart::Suggestions), &long);
    let spec = report_document(cat, &ds, ReportKind::Final, PlanChoice::Both, None, "", &mut |_, _| None);
    check_document("200000 characters", &spec).unwrap_or_else(|e| panic!("{e}"));
    check_csv(&ds, &unit).unwrap_or_else(|e| panic!("{e}"));
    // A 200,000-character unit name as well (a cell of several tables).
    let (ds, unit) = dataset_with("短", &long, "1", "");
    let spec = report_document(cat, &ds, ReportKind::MidTerm, PlanChoice::One(Plan::Children), Some(&unit), "", &mut |_, _| None);
    check_document("200000-character unit", &spec).unwrap_or_else(|e| panic!("{e}"));
    check_csv(&ds, &unit).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("200,000 characters through the writers in {:.1?}", t.elapsed());
}

/// A lone surrogate can only arrive as a JSON escape: the data-file reader refuses the file with a message
/// (no panic); a surrogate pair is one character and reads fine.
#[test]
fn a_data_file_with_a_lone_surrogate_escape_is_refused_with_a_message() {
    let cat = cat();
    let mut ds = Dataset::default();
    let ind = cat.indicators()[0].indicator.id.clone();
    ds.set_entry(&ind, cat.period.first, YearEntry { value: "1".into(), note: "NOTE-HERE".into(), ..Default::default() });
    let file = export_dataset(&ds, "", "2026-03-01T09:30:00+08:00", cat);
    // Without its checksum (the note changes below): accepted with a notice when it reads.
    let mut j: serde_json::Value = serde_json::from_str(&file).expect("json");
    j.as_object_mut().expect("object").remove("checksum");
    let file = serde_json::to_string(&j).expect("json");
    assert!(file.contains("NOTE-HERE"));

    let pair = file.replace("NOTE-HERE", "\\ud83d\\ude00备注");
    let (rep, read) = read_file("pair.json", pair.as_bytes(), cat);
    assert!(rep.accepted, "{:?}", rep.messages(cat));
    assert_eq!(read.expect("read").entry(&ind, cat.period.first).expect("entry").note, "😀备注");

    for bad in ["\\ud800备注", "备注\\udfff", "\\ud800\\u0041"] {
        let text = file.replace("NOTE-HERE", bad);
        let (rep, read) = read_file("lone.json", text.as_bytes(), cat);
        match read {
            // Refused: a Chinese message naming the file.
            None => {
                let m = rep.messages(cat).join("\n");
                assert!(!rep.accepted && m.contains("lone.json") && !m.is_empty(), "{m}");
            }
            // Or read with the surrogate replaced: the note is valid text.
            Some(ds) => assert!(ds.entry(&ind, cat.period.first).expect("entry").note.contains('\u{FFFD}')),
        }
    }
}

/// The .docx of the nasty sample opens in LibreOffice (converted to PDF headless). The file and the PDF are
/// kept in target/tmp/unicode-writers/ for looking at.
#[test]
fn libreoffice_converts_a_report_of_nasty_text() {
    let s = nasty_sample();
    let (ds, unit) = dataset_with(&s, &s, &s, &s);
    let spec = report_document(cat(), &ds, ReportKind::Final, PlanChoice::One(Plan::Women), Some(&unit), "2026年3月1日", &mut |_, _| None);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unicode-writers");
    std::fs::create_dir_all(&dir).expect("dir");
    let docx = dir.join("nasty.docx");
    std::fs::write(&docx, write_docx(&spec).expect("written")).expect("write");
    let found = std::process::Command::new("soffice").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    if !found {
        eprintln!("NOTE: soffice not on PATH, the LibreOffice conversion is skipped ({} written)", docx.display());
        return;
    }
    let pdf = dir.join("nasty.pdf");
    let _ = std::fs::remove_file(&pdf);
    let profile = format!("-env:UserInstallation=file:///tmp/lo-unicode-{}", std::process::id());
    let out = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&docx)
        .output()
        .expect("soffice runs");
    let _ = std::fs::remove_dir_all(format!("/tmp/lo-unicode-{}", std::process::id()));
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    assert!(size > 1000, "no PDF (or an empty one): {} {}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // Its text has the report and the nasty text's readable parts.
    if let Ok(o) = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let flat: String = String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect();
        for want in ["一、摘要", "梨树区中文测试", "第二行", "第四行"] {
            assert!(flat.contains(want), "{want} missing from the PDF text");
        }
    }
}
