//! The report says the same thing three ways: for every report kind (annual, mid-term, final; the whole
//! district and one unit; each plan, and both plans in one document) the outline, the Word file and the HTML
//! page have the same headings with the same levels, the same tables (caption, header row, every cell), in
//! the same order. The .docx is read back from its word/document.xml (quick-xml), the HTML tag by tag.
//!
//! Heading levels are read from the docx paragraph styles (`Title`, `Heading1`–`Heading3`), so agreement also
//! means every heading is a styled paragraph (report_docx.rs checks the styles' fonts and outline levels).
#![cfg(feature = "docx")]

mod report_support;

use lishu_core::catalogue::{Catalogue, Plan};
use lishu_core::demo::demo_dataset;
use lishu_core::report::document::{report_document, Block, DocumentSpec, PlanChoice};
use lishu_core::report::html::to_html;
use lishu_core::report::docx::write_docx;
use lishu_core::report::ReportKind;
use report_support::{agree, check_docx_parts, docx_parts, from_docx, from_html, from_outline, Said};

/// Every report the office can make of the demo data: (label, spec).
fn all_reports() -> Vec<(String, DocumentSpec)> {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    // The unit with the most indicators (the first unit of the list has only a few).
    let unit = cat.units().into_iter().max_by_key(|u| lishu_core::units::indicators_of_unit(&ds, cat, u).len()).expect("a unit");
    let kinds = [ReportKind::Annual(cat.period.first + 1), ReportKind::MidTerm, ReportKind::Final];
    let mut out = Vec::new();
    for kind in kinds {
        for scope in [None, Some(unit.as_str())] {
            for choice in [PlanChoice::One(Plan::Women), PlanChoice::One(Plan::Children), PlanChoice::Both] {
                let spec = report_document(cat, &ds, kind, choice, scope, "2026年3月1日", &mut |_, _| None);
                out.push((format!("{kind:?} {choice:?} {}", scope.unwrap_or("全区")), spec));
            }
        }
    }
    out
}

/// The three readings of one spec.
fn three_ways(spec: &DocumentSpec) -> (Said, Said, Said) {
    let docx = write_docx(spec).expect("written");
    check_docx_parts(&docx).expect("every part is XML");
    let xml = String::from_utf8(docx_parts(&docx).remove("word/document.xml").expect("document part")).expect("utf-8");
    (from_outline(spec), from_docx(&xml), from_html(&to_html(spec)))
}

#[test]
fn outline_word_and_html_say_the_same_for_every_report() {
    let t = std::time::Instant::now();
    let reports = all_reports();
    assert_eq!(reports.len(), 18);
    for (label, spec) in &reports {
        let (outline, docx, html) = three_ways(spec);
        // Not trivially equal: each reading found the report's structure.
        assert!(outline.headings.len() >= 10 && outline.tables.len() >= 4, "{label}: {outline:?}");
        assert!(outline.tables.iter().map(|t| t.rows.len()).sum::<usize>() > 20, "{label}: tables have rows");
        assert_eq!(outline.headings[0].0, "title", "{label}");
        let parts = matches!(label.as_str(), l if l.contains("Both"));
        assert_eq!(outline.headings.iter().any(|h| h.0 == "part"), parts, "{label}");
        if let Err(e) = agree(&outline, &docx, &html) {
            panic!("{label}: {e}");
        }
    }
    eprintln!("{} reports compared in {:.1?}", reports.len(), t.elapsed());
}

/// The comparison can fail: a heading missing from the outline, a cell changed, a level changed, a table
/// header changed are each found (negative controls through the same function).
#[test]
fn the_comparison_finds_a_missing_heading_a_changed_cell_and_a_changed_level() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let spec = report_document(cat, &ds, ReportKind::Final, PlanChoice::One(Plan::Women), None, "", &mut |_, _| None);
    let (outline, docx, html) = three_ways(&spec);
    agree(&outline, &docx, &html).expect("the unchanged report agrees");

    // One heading removed from the outline (the spec the writers did not see).
    let mut fewer = spec.clone();
    let at = fewer.blocks.iter().position(|b| matches!(b, Block::Heading { level: 2, .. })).expect("a level-2 heading");
    fewer.blocks.remove(at);
    let e = agree(&from_outline(&fewer), &docx, &html).expect_err("a missing heading is found");
    assert!(e.contains("headings differ"), "{e}");

    // A heading of another level.
    let mut level = spec.clone();
    if let Some(Block::Heading { level: l, .. }) = level.blocks.get_mut(at) {
        *l = 3;
    }
    assert!(agree(&from_outline(&level), &docx, &html).expect_err("a changed level is found").contains("headings differ"));

    // One figure changed in the HTML only, one header cell in the .docx only.
    let mut html2 = html.clone();
    let cell = html2.tables.iter_mut().flat_map(|t| t.rows.iter_mut().flatten()).find(|c| c.contains('%')).expect("a rate");
    cell.push('0');
    let e = agree(&outline, &docx, &html2).expect_err("a changed figure is found");
    assert!(e.contains("(html)") && e.contains("row"), "{e}");
    let mut docx2 = docx.clone();
    docx2.tables[1].header[0].push('X');
    assert!(agree(&outline, &docx2, &html).expect_err("a changed header is found").contains("header (docx)"));
    // A row dropped from a table.
    let mut docx3 = docx.clone();
    docx3.tables.last_mut().expect("a table").rows.pop();
    assert!(agree(&outline, &docx3, &html).expect_err("a dropped row is found").contains("rows (docx)"));
}

/// Texts the writers must clean or escape (markup characters, a vertical tab, a control character) still
/// agree: the outline's cleaned text is what both files say.
#[test]
fn cleaned_and_escaped_texts_agree_too() {
    let cat = Catalogue::embedded();
    let mut ds = demo_dataset(cat);
    let id = cat.indicators()[0].indicator.id.clone();
    let unit = "区<妇联> & \"数据\"\u{0B}第二行\u{7}";
    lishu_core::units::add_unit(&mut ds, cat, unit).expect("added");
    lishu_core::units::set_lead(&mut ds, cat, &id, unit);
    for scope in [None, Some(unit)] {
        let spec = report_document(cat, &ds, ReportKind::Final, PlanChoice::Both, scope, "", &mut |_, _| None);
        let (outline, docx, html) = three_ways(&spec);
        assert!(
            outline.tables.iter().flat_map(|t| t.rows.iter().flatten()).any(|c| c == "区<妇联> & \"数据\"\n第二行"),
            "the unit's name, cleaned, is a cell"
        );
        agree(&outline, &docx, &html).unwrap_or_else(|e| panic!("{scope:?}: {e}"));
    }
}
