//! Any Unicode text a user can store goes through the Excel writer: the evaluation workbook and a unit's
//! fill-in template with a unit name, notes and values of arbitrary characters (C0/C1 controls, U+FFFE/U+FFFF,
//! bidi marks, emoji, CJK, markup). Every XML part of the .xlsx is well-formed XML 1.0 (quick-xml plus a
//! character check, `core/tests/report_support`), and the file reads back with the unit's name as cleaned.
//! (Lone surrogates cannot exist in a Rust `String`; core/tests/unicode_writers.rs covers them as JSON escapes.)

#[path = "../../core/tests/report_support/mod.rs"]
mod report_support;

use lishu_core::catalogue::{Catalogue, Plan};
use lishu_core::dataset::YearEntry;
use lishu_core::demo::demo_dataset;
use lishu_core::eval::evaluate;
use lishu_core::io::workbook::{evaluation_workbook, template_workbook};
use lishu_core::text::clean;
use lishu_core::units::{add_unit, set_lead};
use proptest::prelude::*;

fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => (0u32..0x20).prop_map(|c| char::from_u32(c).expect("C0")),
        1 => (0x7Fu32..0xA0).prop_map(|c| char::from_u32(c).expect("C1")),
        1 => prop::sample::select(vec!['\u{FFFE}', '\u{FFFF}', '\u{FEFF}', '\u{202E}', '\u{200F}', '\u{2028}', '<', '&', '"', '=', '\r', '\n', '_', 'x']),
        2 => prop::sample::select(vec!['👩', '\u{200D}', '👧', '😀', '🇨', '🇳']),
        3 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        2 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

fn check(unit: &str, note: &str) -> Result<(), String> {
    let cat = Catalogue::embedded();
    let mut ds = demo_dataset(cat);
    let unit = match add_unit(&mut ds, cat, unit) {
        Ok(()) => unit.trim().to_string(),
        Err(_) => {
            let u = format!("单位{unit}").trim().to_string();
            add_unit(&mut ds, cat, &u).map_err(|e| e.to_string())?;
            u
        }
    };
    let ids: Vec<String> = cat.indicators().into_iter().filter(|r| r.domain.plan == Plan::Women).take(3).map(|r| r.indicator.id.clone()).collect();
    for id in &ids {
        set_lead(&mut ds, cat, id, &unit);
        ds.set_entry(id, cat.period.first, YearEntry { value: format!("x{note}"), note: note.to_string(), source: note.to_string(), ..Default::default() });
    }
    let ev = evaluate(cat, &ds, cat.period.last);
    let want = clean(&unit).into_owned();
    for (what, spec) in [
        ("evaluation", evaluation_workbook(cat, &ds, &ev, "2026-03-01T09:30:00+08:00")),
        ("template", template_workbook(cat, &ds, &unit, "2026-03-01T09:30:00+08:00")),
    ] {
        let bytes = lishu_xlsx::write(&spec).map_err(|e| format!("{what}: not written: {e}"))?;
        let parts = report_support::docx_parts(&bytes);
        for (name, part) in &parts {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                report_support::check_xml(name, part).map_err(|e| format!("{what}: {e}"))?;
            }
        }
        let grid = lishu_xlsx::read(&bytes).map_err(|e| format!("{what}: does not read back: {e}"))?;
        let found = grid.sheets.iter().flat_map(|s| s.rows.iter().flatten()).any(|c| *c == want || c.contains(want.trim()));
        if !found {
            return Err(format!("{what}: the unit's name {want:?} is not in the workbook"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_goes_through_the_excel_writer(unit in nasty_string(16), note in nasty_string(16)) {
        if let Err(e) = check(&unit, &note) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn a_fixed_nasty_sample_and_a_200000_character_note_go_through_the_excel_writer() {
    let mut s = String::from("梨树区中文测试 ");
    s.extend((0u32..0x20).filter_map(char::from_u32));
    s.push_str("\u{FFFE}\u{FFFF}\u{85} \u{202E}RTL\u{202C} 👩‍👧 😀 <b>&amp;</b> _x0041_ \"q\",=1+1\r\n第二行");
    check(&s, &s).unwrap_or_else(|e| panic!("{e}"));
    let chars: Vec<char> = s.chars().collect();
    let long: String = (0..200_000).map(|i| chars[i % chars.len()]).collect();
    // A 200,000-character note: the evaluation workbook does not show notes and is written; the template does
    // (it carries the entered data) and Excel's cell limit is 32,767 characters: refused with a message, no
    // panic (cutting the note would change the data when the template is imported again).
    let e = check("区长文本单位", &long).expect_err("a note longer than an Excel cell");
    assert!(e.starts_with("template: not written: 生成 Excel 文件失败") && e.contains("32,767"), "{e}");
}
