//! Another county, another period: the made-up 青山县 plan for 2026–2030 (base year 2025, mid-term 2028)
//! goes through the whole core — draft → check → evaluate → report, data files, templates, CSV — with every
//! plan fact taken from its catalogue. Nothing here is about Lishu or 2021–2025.

use lishu_core::catalogue::check::check_catalogue;
use lishu_core::catalogue::draft::{draft_catalogue, DraftOptions};
use lishu_core::catalogue::file::read_catalogue;
use lishu_core::catalogue::Plan;
use lishu_core::demo::{demo_dataset, demo_dataset_until};
use lishu_core::io::workbook::{read_template, template_workbook};
use lishu_core::io::{evaluation_csv, export_dataset, read_file, FileErrorKind};
use lishu_core::report::{build_report, ReportKind};
use lishu_core::{evaluate, Catalogue, Status};

const PLAN: &str = include_str!("fixtures/county-2026-2030-plan.txt");
const REVIEWED: &str = include_str!("fixtures/county-2026-2030.toml");
const AT: &str = "2029-03-01T09:00:00+08:00";

fn qingshan() -> Catalogue {
    read_catalogue(REVIEWED.as_bytes()).expect("the reviewed catalogue reads")
}

#[test]
fn draft_then_reviewed_catalogue_describe_the_same_plan() {
    let draft = draft_catalogue(PLAN, &DraftOptions { id: Some("qingshan-2026-2030".into()), version: None }).expect("drafts");
    let cat = qingshan();
    assert!(check_catalogue(&draft.catalogue).is_empty());
    assert_eq!(draft.catalogue.region, cat.region);
    assert_eq!(draft.catalogue.period, cat.period);
    let ids = |c: &Catalogue| c.lines.iter().map(|l| (l.id.clone(), l.text.clone())).collect::<Vec<_>>();
    assert_eq!(ids(&draft.catalogue), ids(&cat), "same target lines, verbatim");
    assert_eq!(cat.summary().review, 0, "the reviewed catalogue has no review marks left");
}

#[test]
fn evaluation_uses_the_catalogue_period() {
    let cat = qingshan();
    let p = cat.period;
    assert_eq!((p.base, p.first, p.midterm, p.last), (2025, 2026, 2028, 2030));
    let ds = demo_dataset(&cat);
    // Data years are 2025..=2030; the demo fills them.
    let years: std::collections::BTreeSet<u16> = ds.data.values().flat_map(|m| m.keys().copied()).collect();
    assert_eq!(years.iter().min(), Some(&2025));
    assert_eq!(years.iter().max(), Some(&2030));
    let ev = evaluate(&cat, &ds, p.midterm);
    assert_eq!(ev.year, 2028);
    assert!(ev.errors.is_empty(), "{:?}", ev.errors);
    // Expected progress at the mid-term: (2028 − 2025) ÷ 5.
    assert!(ev.results.iter().all(|r| (r.expected - 0.6).abs() < 1e-12));
    // Before the last plan year targets met are 提前实现 and projections run to 2030.
    assert!(ev.results.iter().any(|r| r.status == Status::AchievedEarly));
    let explained: Vec<String> = ev.results.iter().flat_map(|r| r.explanation(&cat)).collect();
    assert!(explained.iter().any(|l| l.contains("2030年预测值")), "projection to the last plan year");
    assert!(explained.iter().any(|l| l.contains("2025年（基数）")), "the base year in each year's line");
    assert!(explained.iter().any(|l| l.contains("应达进度 = (2028 − 2025) ÷ 5")));
    assert!(!explained.iter().any(|l| l.contains("2020") || l.contains("梨树")), "nothing of Lishu's period");
    // Years outside 2025–2030 are clamped, and data for them are reported.
    assert_eq!(evaluate(&cat, &ds, 2040).year, 2030);
    let mut odd = ds.clone();
    odd.set_entry(&ev.results[0].id, 2024, lishu_core::YearEntry { value: "1".into(), ..Default::default() });
    let ev2 = evaluate(&cat, &odd, 2030);
    assert!(ev2.errors.iter().any(|e| e.year == 2024 && e.message(&cat).contains("年份须在 2025–2030 之间")));
    // The final evaluation: met targets are 已达标.
    let fin = evaluate(&cat, &ds, 2030);
    assert!(fin.results.iter().any(|r| r.status == Status::Achieved));
    assert!(!fin.results.iter().any(|r| r.status == Status::AchievedEarly));
}

#[test]
fn reports_are_named_by_the_catalogue() {
    let cat = qingshan();
    let ds = demo_dataset_until(&cat, 2028);
    let ev = evaluate(&cat, &ds, ReportKind::MidTerm.year(cat.period));
    let r = build_report(&cat, &ds, &ev, ReportKind::MidTerm, Plan::Women, None);
    assert_eq!(r.header.title, "青山县妇女发展规划（2026—2030年）中期评估报告");
    assert_eq!(r.header.district, "青山县");
    assert_eq!(r.header.year, 2028);
    assert!(r.header.year_note.is_none());
    assert_eq!(ReportKind::Final.year(cat.period), 2030);
    assert_eq!(ReportKind::MidTerm.label_with_year(cat.period), "中期评估报告（2028年）");
    let annual = build_report(&cat, &ds, &ev, ReportKind::Annual(2027), Plan::Children, None);
    assert!(annual.header.year_note.as_deref().is_some_and(|n| n.contains("2027")));
    assert!(r.appendix.iter().all(|row| row.series.first().map(|s| s.0) == Some(2025)));
}

#[test]
fn data_files_and_templates_carry_the_catalogue_and_its_years() {
    let cat = qingshan();
    let ds = demo_dataset(&cat);
    let text = export_dataset(&ds, "", AT, &cat);
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["catalogue_id"], "qingshan-2026-2030");
    assert_eq!(json["catalogue_version"], "2026-03-01.1");
    let (rep, back) = read_file("青山县.json", text.as_bytes(), &cat);
    assert!(rep.accepted, "{:?}", rep.messages(&cat));
    assert_eq!(back.expect("data"), ds);
    // The same file is refused by Lishu's catalogue, naming both.
    let lishu = Catalogue::embedded();
    let (rep, none) = read_file("青山县.json", text.as_bytes(), lishu);
    assert!(none.is_none());
    assert!(matches!(rep.errors[0].kind, FileErrorKind::OtherCatalogue { .. }));
    let m = rep.messages(lishu).join("\n");
    assert!(m.contains("青山县妇女儿童发展规划（2026-2030年）") && m.contains("qingshan-2026-2030") && m.contains("lishu-2021-2025"), "{m}");
    // A newer version of the same catalogue imports, listing the targets that changed.
    let mut newer = cat.clone();
    newer.version = "2026-09-01.2".into();
    let i = newer
        .lines
        .iter()
        .position(|l| l.indicators[0].value.is_some() && ds.data.contains_key(&l.indicators[0].id))
        .expect("a numeric target with data");
    newer.lines[i].indicators[0].value = newer.lines[i].indicators[0].value.map(|v| v + 1.0);
    let changed_id = newer.lines[i].indicators[0].id.clone();
    let (rep, data) = read_file("青山县.json", text.as_bytes(), &newer);
    assert!(data.is_some(), "{:?}", rep.messages(&newer));
    assert_eq!(rep.target_changes.len(), 1);
    assert_eq!(rep.target_changes[0].indicator, changed_id);
    assert!(rep.notices.iter().any(|n| n.contains("2026-03-01.1") && n.contains("2026-09-01.2") && n.contains(&changed_id)));

    // Templates: one column per data year 2025–2030, refused by another catalogue.
    let wb = template_workbook(&cat, &ds, "", AT);
    let header = &wb.sheets[0].rows[2];
    let years: Vec<String> = header.iter().skip(6).map(|c| c.value.display()).collect();
    assert_eq!(years, ["2025（基数）", "2026", "2027", "2028", "2029", "2030"]);
    assert!(wb.title.starts_with("青山县妇女儿童发展规划（2026-2030年）"));
    let grid = wb.to_grid();
    let (rep, data) = read_template("青山县模板.xlsx", &grid, &cat);
    assert!(rep.accepted, "{:?}", rep.messages(&cat));
    assert_eq!(data.expect("data").data.len(), ds.data.len());
    let (rep, data) = read_template("青山县模板.xlsx", &grid, lishu);
    assert!(data.is_none());
    assert!(matches!(rep.errors[0].kind, FileErrorKind::OtherCatalogue { .. }));

    // The evaluation table's year columns.
    let ev = evaluate(&cat, &ds, 2030);
    let csv = evaluation_csv(&cat, &ds, &ev);
    let head = csv.lines().next().expect("header");
    assert!(head.contains("2025,2026,2027,2028,2029,2030,状态"), "{head}");
}
