//! 指标解释 where people need it: the fill-in template's 指标解释 sheet (one row per indicator of the template,
//! the catalogue's texts) and the report rows (the appendix shows them).

use lishu_core::catalogue::{Catalogue, Kind, Plan};
use lishu_core::dataset::Dataset;
use lishu_core::demo::demo_dataset_until;
use lishu_core::eval::evaluate;
use lishu_core::io::workbook::{read_template, template_workbook, SheetSpec, WorkbookSpec, DATA_SHEET, INFO_SHEET};
use lishu_core::report::{build_report, ReportKind};

const AT: &str = "2026-11-29T09:30:00+08:00";
const EXPLAIN: &str = "指标解释";

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

fn sheet<'a>(spec: &'a WorkbookSpec, name: &str) -> &'a SheetSpec {
    spec.sheets.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("sheet {name}"))
}

fn texts(row: &[lishu_core::io::workbook::Cell]) -> Vec<String> {
    row.iter().map(|c| c.value.display()).collect()
}

/// Indicator ids of the 填报 sheet, once each, in order.
fn data_ids(spec: &WorkbookSpec) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for r in &sheet(spec, DATA_SHEET).rows[3..] {
        let id = r[0].value.display();
        if ids.last() != Some(&id) {
            ids.push(id);
        }
    }
    ids
}

#[test]
fn the_template_has_an_explanation_sheet_with_one_row_per_indicator() {
    for unit in ["", "区卫健局", "区妇联", "区委组织部"] {
        let spec = template_workbook(cat(), &Dataset::default(), unit, AT);
        let names: Vec<&str> = spec.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, [DATA_SHEET, INFO_SHEET, EXPLAIN], "{unit}");
        let s = sheet(&spec, EXPLAIN);
        assert_eq!(texts(&s.rows[2]), ["编号", "指标", "定义", "计算方法", "计量单位", "资料来源", "佐证材料要求"]);
        let ids: Vec<String> = s.rows[3..].iter().map(|r| r[0].value.display()).collect();
        let expected = data_ids(&spec);
        assert!(!expected.is_empty(), "{unit}");
        assert_eq!(ids, expected, "one row per indicator of the template ({unit})");
        assert!(s.protect && s.autofilter && s.freeze_rows == 3, "read-only, filterable, header kept in view");
        for row in &s.rows[3..] {
            let t = texts(row);
            let ind = cat().indicator(&t[0]).expect("catalogue indicator").indicator;
            assert_eq!(t[1], ind.name);
            assert_eq!(t[4], if ind.unit.is_empty() { "—" } else { ind.unit.as_str() });
            if ind.kind == Kind::Milestone {
                assert_eq!(t[6], ind.evidence_hint, "{}", ind.id);
                assert!(t[3].contains("进展阶段"), "{}: {}", ind.id, t[3]);
            } else {
                assert_eq!([&t[2], &t[3], &t[5]], [&ind.definition, &ind.formula, &ind.source], "{}", ind.id);
                assert_eq!(t[6], "—");
            }
        }
    }
}

#[test]
fn the_instructions_point_to_the_explanation_sheet_and_the_template_still_imports() {
    let spec = template_workbook(cat(), &Dataset::default(), "区卫健局", AT);
    let info = sheet(&spec, INFO_SHEET);
    assert!(info.rows.iter().flatten().any(|c| c.value.display().contains("“指标解释”工作表")));
    // The extra sheet is ignored on import: the unchanged template is accepted.
    let (rep, ds) = read_template("区卫健局.xlsx", &spec.to_grid(), cat());
    assert!(rep.accepted && rep.errors.is_empty(), "{:?}", rep.messages(cat()));
    assert!(ds.is_some());
}

#[test]
fn report_rows_carry_the_explanation_of_their_indicator() {
    let ds = demo_dataset_until(cat(), 2023);
    let ev = evaluate(cat(), &ds, 2023);
    for plan in Plan::ALL {
        let rep = build_report(cat(), &ds, &ev, ReportKind::MidTerm, plan, None);
        assert!(!rep.appendix.is_empty());
        let rows = rep.appendix.iter().chain(rep.domains.iter().flat_map(|d| d.rows.iter()));
        for row in rows {
            let ind = cat().indicator(&row.id).expect("indicator").indicator;
            assert_eq!(
                (&row.definition, &row.formula, &row.source, &row.evidence_hint),
                (&ind.definition, &ind.formula, &ind.source, &ind.evidence_hint),
                "{}",
                row.id
            );
            if ind.kind == Kind::Milestone {
                assert!(!row.evidence_hint.is_empty(), "{}", row.id);
            } else {
                assert!(!row.definition.is_empty() && !row.formula.is_empty() && !row.source.is_empty(), "{}", row.id);
            }
        }
    }
    // A unit's report too.
    let rep = build_report(cat(), &ds, &ev, ReportKind::Final, Plan::Children, Some("区教育局"));
    let row = rep.appendix.iter().find(|r| r.id == "C3-2-2").expect("九年义务教育巩固率");
    assert!(row.formula.contains("初中毕业班学生数 ÷ 该年级入小学一年级时的学生数 × 100%"), "{}", row.formula);
}
