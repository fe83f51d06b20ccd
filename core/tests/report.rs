//! Report and dashboard data: scope, counts, problems, stored texts, completeness.

use lishu_core::catalogue::{Catalogue, Entry, Kind, Op, Plan};
use lishu_core::dataset::{Dataset, IndicatorSettings, UnitRole, YearEntry};
use lishu_core::io::unit_view;
use lishu_core::demo::demo_dataset_until;
use lishu_core::eval::{evaluate, Status};
use lishu_core::report::{
    build_dashboard, build_report, count, set_text, suggestions_key, text_key, DashboardFilter, EditableText, Report,
    ReportKind, TextPart, SUGGESTIONS_PLACEHOLDER,
};

fn suggestions(r: &Report) -> &EditableText {
    r.text(TextPart::Suggestions).expect("every report has its 对策建议")
}

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

fn value(v: &str) -> YearEntry {
    YearEntry { value: v.to_string(), ..Default::default() }
}

/// A women's-plan indicator "≥ X%" entered as a plain value, with X in a comfortable range.
fn min_percent_indicator(plan: Plan) -> (String, f64) {
    cat()
        .indicators()
        .into_iter()
        .find_map(|r| {
            let i = r.indicator;
            let ok = r.domain.plan == plan
                && i.kind == Kind::Min
                && matches!(i.op, Some(Op::Ge) | None)
                && i.entry == Entry::Value
                && i.unit == "%"
                && !i.every_year
                && i.value.is_some_and(|v| (20.0..=90.0).contains(&v));
            ok.then(|| (i.id.clone(), i.value.unwrap_or_default()))
        })
        .expect("catalogue has a ≥ X% indicator")
}

#[test]
fn report_kind_years_labels_keys() {
    let p = cat().period;
    assert_eq!(ReportKind::Annual(2024).year(p), 2024);
    assert_eq!(ReportKind::Annual(2031).year(p), 2025);
    assert_eq!(ReportKind::MidTerm.year(p), 2023);
    assert_eq!(ReportKind::Final.year(p), 2025);
    assert_eq!(ReportKind::Annual(2022).label(p), "2022年度监测报告");
    assert_eq!(ReportKind::MidTerm.label(p), "中期评估报告");
    assert_eq!(ReportKind::MidTerm.label_with_year(p), "中期评估报告（2023年）");
    assert_eq!(ReportKind::Final.key(), "final");
    assert_eq!(suggestions_key(Plan::Women, ReportKind::MidTerm, None), "report:women:midterm:全区:对策建议");
    assert_eq!(
        suggestions_key(Plan::Children, ReportKind::Annual(2024), Some(" 区卫健局 ")),
        "report:children:annual-2024:区卫健局:对策建议"
    );
    assert_eq!(suggestions_key(Plan::Women, ReportKind::Final, Some("  ")), suggestions_key(Plan::Women, ReportKind::Final, None));
}

#[test]
fn demo_report_counts_match_the_evaluation() {
    let ds = demo_dataset_until(cat(), 2023);
    let ev = evaluate(cat(), &ds, 2023);
    for plan in Plan::ALL {
        let rep = build_report(cat(), &ds, &ev, ReportKind::MidTerm, plan, None);
        let plan_ids: Vec<String> = cat()
            .indicators()
            .into_iter()
            .filter(|r| r.domain.plan == plan)
            .map(|r| r.indicator.id.clone())
            .collect();
        // Appendix: every indicator of the plan, in catalogue order; domain sections partition it.
        let appendix: Vec<String> = rep.appendix.iter().map(|r| r.id.clone()).collect();
        assert_eq!(appendix, plan_ids);
        let in_sections: Vec<String> = rep.domains.iter().flat_map(|d| d.rows.iter().map(|r| r.id.clone())).collect();
        assert_eq!(in_sections, plan_ids);
        // Counts against the evaluation's own per-plan roll-up.
        let pr = ev.plan_rollup(plan).expect("plan roll-up");
        let s = &rep.summary.rollup;
        assert_eq!((s.total, s.monitorable, s.achieved, s.no_data), (pr.total, pr.monitorable, pr.achieved, pr.no_data));
        assert_eq!(s.rate, pr.rate);
        assert!(s.no_data > 0 || s.monitorable == s.total);
        for d in &rep.domains {
            let er = ev.by_domain.iter().find(|r| r.key == d.id).expect("domain roll-up");
            assert_eq!(d.rollup.counts, er.counts, "domain {}", d.id);
        }
        // Problems: not met = 基本实现 + 尚存差距 + 退步; missing = 无数据.
        assert_eq!(rep.problems.not_met.len(), count(s, Status::Basic) + count(s, Status::Gap) + count(s, Status::Regress));
        assert_eq!(rep.problems.missing.len(), s.no_data);
        assert!(rep.problems.missing.iter().all(|p| !p.reason.is_empty()));
        let warn_total: usize = ev
            .results
            .iter()
            .filter(|r| plan_ids.contains(&r.id))
            .map(|r| r.warnings.len())
            .sum();
        assert_eq!(rep.problems.warnings.len(), warn_total);
        assert!(rep.problems.regressions.iter().all(|p| p.label.starts_with("退步")));
        // Header.
        assert_eq!(rep.header.district, "梨树区");
        assert_eq!(rep.header.year, 2023);
        assert_eq!(rep.header.scope, "全区");
        assert!(rep.header.title.ends_with("中期评估报告"), "{}", rep.header.title);
        assert!(rep.header.title.starts_with("梨树区") && !rep.header.title.starts_with("梨树区梨树区"));
        assert!(rep.header.year_note.is_none());
        assert!(rep.header.demo, "demo data must be flagged in the report");
        assert!(rep.summary.key_figures[1].contains(&format!("{:.1}%", pr.rate.unwrap_or(0.0) * 100.0)));
    }
}

/// A women's-plan minimum target whose 2022 value fell 5 points below its 2020 base (a regression): its id
/// and the dataset.
fn regressed_indicator() -> (String, Dataset) {
    let (id, x) = min_percent_indicator(Plan::Women);
    let mut ds = Dataset::default();
    ds.set_entry(&id, 2020, value(&format!("{}", x - 1.0)));
    ds.set_entry(&id, 2022, value(&format!("{}", x - 6.0)));
    (id, ds)
}

#[test]
fn regression_missing_and_input_errors_are_reported() {
    let (id, mut ds) = regressed_indicator();
    ds.set_entry(&id, 2021, value("abc"));
    let ev = evaluate(cat(), &ds, 2022);
    let rep = build_report(cat(), &ds, &ev, ReportKind::Annual(2022), Plan::Women, None);
    let row = rep.appendix.iter().find(|r| r.id == id).expect("row");
    assert_eq!(row.status, Status::Regress);
    assert!(row.latest_text.starts_with("2022年"), "{}", row.latest_text);
    assert!(row.summary.contains("退步") && row.summary.contains("目标"), "{}", row.summary);
    assert!(rep.problems.not_met.iter().any(|p| p.id == id && p.status == Status::Regress));
    assert!(rep.problems.regressions.iter().any(|p| p.id == id));
    assert!(rep.problems.input_errors.iter().any(|m| m.contains("2021") && m.contains("abc")), "{:?}", rep.problems.input_errors);
    // Everything else has no data and is listed as missing with a reason; nothing is achieved.
    assert_eq!(rep.summary.rollup.monitorable, 1);
    assert_eq!(rep.summary.rollup.rate, Some(0.0));
    assert_eq!(rep.problems.missing.len(), rep.appendix.len() - 1);
    assert!(!rep.problems.missing.iter().any(|p| p.id == id));
    // The other plan's report does not mention it.
    let other = build_report(cat(), &ds, &ev, ReportKind::Annual(2022), Plan::Children, None);
    assert!(other.appendix.iter().all(|r| r.id != id));
    assert!(other.problems.input_errors.is_empty());
    assert_eq!(other.summary.rollup.rate, None);
    assert!(other.summary.key_figures[1].contains("无可监测指标"));
}

#[test]
fn unit_scope_is_lead_or_co_operating_by_settings() {
    let (id, x) = min_percent_indicator(Plan::Women);
    let other = cat()
        .indicators()
        .into_iter()
        .find(|r| r.domain.plan == Plan::Women && r.indicator.id != id)
        .expect("a second women's indicator")
        .indicator
        .id
        .clone();
    let mut ds = Dataset::default();
    ds.set_entry(&id, 2020, value(&format!("{}", x + 1.0)));
    ds.set_entry(&id, 2024, value(&format!("{}", x + 2.0)));
    ds.settings.insert(id.clone(), IndicatorSettings { lead_unit: Some("测试单位甲".into()), ..Default::default() });
    // Co-operating only (another unit leads): still one of the unit's indicators.
    ds.settings.insert(
        other.clone(),
        IndicatorSettings { lead_unit: Some("测试单位乙".into()), co_units: Some(vec!["测试单位甲".into()]), ..Default::default() },
    );
    let ev = evaluate(cat(), &ds, 2024);
    let rep = build_report(cat(), &ds, &ev, ReportKind::Annual(2024), Plan::Women, Some("测试单位甲"));
    let ids: Vec<&str> = rep.appendix.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&id.as_str()) && ids.contains(&other.as_str()), "{ids:?}");
    let row = |i: &str| rep.appendix.iter().find(|r| r.id == i).expect("row");
    assert_eq!(row(&id).role, Some(UnitRole::Lead));
    assert_eq!(row(&id).status, Status::AchievedEarly);
    assert_eq!(row(&other).role, Some(UnitRole::CoOperating));
    assert_eq!(row(&other).lead_unit, "测试单位乙");
    assert_eq!(row(&other).status, Status::NoData);
    // The co-operated indicator has no data: listed as missing, marked 配合.
    let missing = rep.problems.missing.iter().find(|p| p.id == other).expect("missing item");
    assert_eq!(missing.role, Some(UnitRole::CoOperating));
    assert!(rep.summary.key_figures.iter().any(|k| k.contains("测试单位甲牵头 1 项、配合 1 项")), "{:?}", rep.summary.key_figures);
    assert_eq!(rep.header.scope, "测试单位甲");
    assert!(!rep.header.demo);
    assert_eq!(rep.summary.rollup.total, 2);
    assert_eq!(rep.summary.rollup.rate, Some(1.0));
    assert_eq!(suggestions(&rep).key, "report:women:annual-2024:测试单位甲:对策建议");
    // The lead unit of the co-operated indicator sees only that one, as 牵头.
    let b = build_report(cat(), &ds, &ev, ReportKind::Annual(2024), Plan::Women, Some(" 测试单位乙 "));
    assert_eq!(b.appendix.iter().map(|r| (r.id.as_str(), r.role)).collect::<Vec<_>>(), vec![(other.as_str(), Some(UnitRole::Lead))]);
    // The whole district has no roles and no 牵头/配合 sentence.
    let all = build_report(cat(), &ds, &ev, ReportKind::Annual(2024), Plan::Women, None);
    assert!(all.appendix.iter().all(|r| r.role.is_none()));
    assert!(!all.summary.key_figures.iter().any(|k| k.contains("配合")));
    // A unit with no indicators gives an empty report, not a panic.
    let none = build_report(cat(), &ds, &ev, ReportKind::Annual(2024), Plan::Women, Some("不存在的单位"));
    assert!(none.appendix.is_empty() && none.domains.is_empty());
    assert_eq!(none.summary.rollup.rate, None);
}

/// The report's unit scope, the export and the template rule agree: lead or co-operating (catalogue defaults).
#[test]
fn unit_report_covers_every_indicator_the_unit_leads_or_co_operates_on() {
    let ds = demo_dataset_until(cat(), 2024);
    let ev = evaluate(cat(), &ds, 2024);
    // A catalogue unit that co-operates on something it does not lead.
    let unit = cat()
        .indicators()
        .into_iter()
        .find_map(|r| r.indicator.co_units.first().cloned())
        .expect("the catalogue names co-operating units");
    let expected: Vec<String> = cat()
        .indicators()
        .into_iter()
        .filter(|r| r.indicator.lead_unit == unit || r.indicator.co_units.contains(&unit))
        .map(|r| r.indicator.id.clone())
        .collect();
    let co_only = cat().indicators().into_iter().filter(|r| r.indicator.co_units.contains(&unit)).count();
    assert!(co_only > 0);
    let mut got: Vec<String> = Vec::new();
    for plan in Plan::ALL {
        let rep = build_report(cat(), &ds, &ev, ReportKind::Annual(2024), plan, Some(&unit));
        for r in &rep.appendix {
            let ind = cat().indicator(&r.id).expect("indicator").indicator;
            let want = if ind.lead_unit == unit { UnitRole::Lead } else { UnitRole::CoOperating };
            assert_eq!(r.role, Some(want), "{}", r.id);
            assert!(ds.is_unit_indicator(ind, &unit));
        }
        got.extend(rep.appendix.into_iter().map(|r| r.id));
    }
    assert_eq!(got, expected);
    // The unit's export holds exactly these indicators' data.
    let view = unit_view(&ds, &unit, cat());
    assert!(view.data.keys().all(|k| expected.contains(k)), "{:?}", view.data.keys().collect::<Vec<_>>());
    assert!(expected.iter().filter(|id| ds.data.contains_key(*id)).all(|id| view.data.contains_key(id)));
}

#[test]
fn unit_role_and_whole_district() {
    let r = cat().indicators().into_iter().find(|r| !r.indicator.co_units.is_empty()).expect("co units");
    let ind = r.indicator;
    let mut ds = Dataset::default();
    assert_eq!(ds.unit_role(ind, &ind.lead_unit), Some(UnitRole::Lead));
    assert_eq!(ds.unit_role(ind, &format!(" {} ", ind.co_units[0])), Some(UnitRole::CoOperating));
    assert_eq!(ds.unit_role(ind, "不存在的单位"), None);
    assert_eq!(ds.unit_role(ind, ""), None);
    assert!(ds.is_unit_indicator(ind, "  "), "the whole district has every indicator");
    assert!(!ds.is_unit_indicator(ind, "不存在的单位"));
    // Settings override the catalogue: the old lead unit no longer has the indicator.
    ds.settings.insert(ind.id.clone(), IndicatorSettings { lead_unit: Some("新单位".into()), co_units: Some(vec![]), band: None });
    assert_eq!(ds.unit_role(ind, "新单位"), Some(UnitRole::Lead));
    assert!(!ds.is_unit_indicator(ind, &ind.lead_unit));
    assert!(!ds.is_unit_indicator(ind, &ind.co_units[0]));
    assert_eq!(UnitRole::Lead.label(), "牵头");
    assert_eq!(UnitRole::CoOperating.label(), "配合");
}

#[test]
fn suggestions_text_is_stored_exactly_and_read_back() {
    let mut ds = Dataset::default();
    let key = suggestions_key(Plan::Children, ReportKind::Final, None);
    let ev = evaluate(cat(), &ds, 2025);
    let empty = build_report(cat(), &ds, &ev, ReportKind::Final, Plan::Children, None);
    assert_eq!(suggestions(&empty).text, "");
    assert_eq!(suggestions(&empty).placeholder, SUGGESTIONS_PLACEHOLDER);
    let text = "  一、加强<b>统计</b>工作\n二、落实责任 ";
    set_text(&mut ds, &key, text);
    let rep = build_report(cat(), &ds, &ev, ReportKind::Final, Plan::Children, None);
    assert_eq!(suggestions(&rep).text, text);
    // Other reports keep their own text.
    let mid = build_report(cat(), &ds, &ev, ReportKind::MidTerm, Plan::Children, None);
    assert_eq!(suggestions(&mid).text, "");
    assert!(mid.header.year_note.as_deref().is_some_and(|n| n.contains("2023")));
    set_text(&mut ds, &key, "  \n");
    assert!(!ds.texts.contains_key(&key));
}

#[test]
fn every_editable_text_has_its_own_key_naming_its_report() {
    let mut ds = Dataset::default();
    let ev = evaluate(cat(), &ds, 2025);
    let measures = text_key(Plan::Women, ReportKind::Final, None, TextPart::Measures);
    assert_eq!(measures, "report:women:final:全区:工作措施与成效");
    assert_eq!(text_key(Plan::Women, ReportKind::Final, None, TextPart::Suggestions), suggestions_key(Plan::Women, ReportKind::Final, None));
    set_text(&mut ds, &measures, "出台《实施方案》。");
    let rep = build_report(cat(), &ds, &ev, ReportKind::Final, Plan::Women, None);
    let parts: Vec<TextPart> = rep.texts.iter().map(|t| t.part).collect();
    assert_eq!(parts, TextPart::ALL.to_vec());
    assert_eq!(rep.text(TextPart::Measures).expect("measures").text, "出台《实施方案》。");
    assert_eq!(rep.text(TextPart::Causes).expect("causes").text, "");
    // The annual report and the children's final report do not see the women's final report's text.
    for (kind, plan) in [(ReportKind::Annual(2025), Plan::Women), (ReportKind::Final, Plan::Children), (ReportKind::MidTerm, Plan::Women)] {
        let other = build_report(cat(), &ds, &ev, kind, plan, None);
        assert_eq!(other.text(TextPart::Measures).expect("measures").text, "", "{kind:?} {plan:?}");
        assert!(other.texts.iter().all(|t| t.key.contains(&kind.key()) && t.key.contains(plan.key())));
    }
}

#[test]
fn dashboard_filters_and_completeness() {
    let ds = demo_dataset_until(cat(), 2024);
    let ev = evaluate(cat(), &ds, 2024);
    let all = build_dashboard(cat(), &ds, &ev, &DashboardFilter::default());
    assert_eq!(all.overall.total, ev.overall.total);
    assert_eq!(all.overall.counts, ev.overall.counts);
    assert_eq!(all.by_domain.len(), cat().domains.len());
    assert_eq!(all.warnings.len(), ev.warnings.len());
    assert_eq!(all.completeness.indicators(), ev.results.len());
    assert_eq!(all.completeness.years, vec![2020, 2021, 2022, 2023, 2024, 2025]);
    // Demo data runs to 2024: nothing in 2025, something in every earlier year.
    let total = all.completeness.filled_per_year();
    assert_eq!(total[5], 0);
    assert!(total[..5].iter().all(|n| *n > 0));
    let unit_sum: usize = all.completeness.units.iter().map(|u| u.filled_per_year()[0]).sum();
    assert_eq!(unit_sum, total[0]);

    let women = build_dashboard(cat(), &ds, &ev, &DashboardFilter { plan: Some(Plan::Women), ..Default::default() });
    let pr = ev.plan_rollup(Plan::Women).expect("plan");
    assert_eq!(women.overall.counts, pr.counts);
    assert_eq!(women.by_plan.len(), 1);
    assert!(women.domain_options.iter().all(|(id, _)| id.starts_with('W')));

    let d = &cat().domains[1];
    let dom = build_dashboard(cat(), &ds, &ev, &DashboardFilter { domain: Some(d.id.clone()), ..Default::default() });
    assert_eq!(dom.by_domain.len(), 1);
    assert_eq!(dom.overall.counts, ev.by_domain.iter().find(|r| r.key == d.id).expect("dom").counts);

    let unit = ev.by_unit[0].key.clone();
    let un = build_dashboard(cat(), &ds, &ev, &DashboardFilter { unit: Some(unit.clone()), ..Default::default() });
    assert_eq!(un.overall.counts, ev.by_unit[0].counts);
    assert!(un.completeness.units.iter().all(|u| u.unit == unit));
    assert!(all.unit_options.contains(&unit));
}

#[test]
fn completeness_names_filled_years() {
    let (id, x) = min_percent_indicator(Plan::Women);
    let mut ds = Dataset::default();
    ds.set_entry(&id, 2020, value(&format!("{x}")));
    ds.set_entry(&id, 2022, value(&format!("{x}")));
    // A note alone is not data.
    ds.set_entry(&id, 2023, YearEntry { note: "待核实".into(), ..Default::default() });
    let ev = evaluate(cat(), &ds, 2023);
    let db = build_dashboard(cat(), &ds, &ev, &DashboardFilter::default());
    let ic = db.completeness.rows().find(|i| i.id == id).expect("indicator");
    assert_eq!(ic.years.iter().map(|c| c.reported).collect::<Vec<_>>(), vec![true, false, true, false, false, false]);
    assert_eq!(db.completeness.filled_per_year(), vec![1, 0, 1, 0, 0, 0]);
    let u = db.completeness.unit(&ic.lead_unit).expect("unit");
    assert_eq!(u.filled_per_year(), vec![1, 0, 1, 0, 0, 0]);
}

#[test]
fn problem_lines_name_indicator_domain_unit_role_and_reason() {
    let (id, ds) = regressed_indicator();
    let ev = evaluate(cat(), &ds, 2022);
    let r = cat().indicator(&id).expect("indicator");
    let district = build_report(cat(), &ds, &ev, ReportKind::Annual(2022), Plan::Women, None);
    let p = district.problems.regressions.iter().find(|p| p.id == id).expect("regression listed");
    assert_eq!(p.heading(), format!("{} {}", id, r.indicator.name));
    let d = p.detail();
    assert!(d.starts_with(&format!("（{}，{}）【", r.domain.name, r.indicator.lead_unit)), "{d}");
    assert!(d.contains(&format!("【{}】", p.label)) && d.ends_with(&p.reason), "{d}");
    assert!(!d.contains("本单位"), "no unit role in the district report: {d}");

    // In the lead unit's report the role is named; an indicator without a unit says 未指定单位.
    let unit = build_report(cat(), &ds, &ev, ReportKind::Annual(2022), Plan::Women, Some(&r.indicator.lead_unit));
    let p = unit.problems.regressions.iter().find(|p| p.id == id).expect("in the unit's report");
    assert!(p.detail().contains(&format!("{}；本单位牵头）", r.indicator.lead_unit)), "{}", p.detail());
    let mut orphan = p.clone();
    orphan.lead_unit.clear();
    orphan.role = None;
    assert!(orphan.detail().starts_with(&format!("（{}，未指定单位）", r.domain.name)), "{}", orphan.detail());
}

/// A maternal mortality from a handful of deaths: the report's row shows the counts beside the rate, the
/// exact limits, 数据不稳定 and the pooled rate its status follows; the problem list names the warning.
#[test]
fn small_counts_are_reported_with_their_counts_limits_and_pooled_rate() {
    let mut ds = Dataset::default();
    for (y, n, d) in [(2023, "1", "1800"), (2024, "2", "1900"), (2025, "0", "2000")] {
        ds.set_entry(
            "W1-4-2",
            y,
            YearEntry { numerator: n.into(), denominator: d.into(), ..Default::default() },
        );
    }
    let ev = evaluate(cat(), &ds, 2025);
    let rep = build_report(cat(), &ds, &ev, ReportKind::Final, Plan::Women, None);
    let row = rep.appendix.iter().find(|r| r.id == "W1-4-2").expect("row");
    assert_eq!(row.latest_text, "2025年 0.0/10万（0/2000）");
    assert_eq!(row.status, Status::Gap, "pooled 3 ÷ 5700 = 52.63/10万 decides: {}", row.summary);
    for part in ["95%置信区间 0.0–184.4/10万", "事件数少于 20，数据不稳定", "合并率 2023–2025年 3/5700 = 52.6/10万（尚存差距），按此判断"] {
        assert!(row.summary.contains(part), "{part}: {}", row.summary);
    }
    assert!(
        rep.problems.warnings.iter().any(|p| p.id == "W1-4-2" && p.label == "数据不稳定"),
        "{:?}",
        rep.problems.warnings
    );
}
