//! Verdicts a clerk can defend (issue 24): 退步 of an event rate only beyond chance (exact test, P < 0.05),
//! the reference year named in every 退步, spikes only from adjacent years and no 波动较大 from fewer than four
//! consecutive years.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Entry, Indicator, Kind, Stage};
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::eval::{Status, WarningKind};

/// A maternal-mortality-like event rate: ≤ 14.5/10万, entered as deaths ÷ live births × 100000.
fn mmr(id: &str) -> Indicator {
    Indicator {
        entry: Entry::Rate,
        scale: Some(100_000.0),
        numerator: Some("孕产妇死亡人数".into()),
        denominator: Some("活产数".into()),
        ..max(id, 14.5, "/10万")
    }
}

fn counts(id: &str, rows: &[(u16, &str, &str)]) -> Dataset {
    let mut ds = Dataset::default();
    for (y, n, d) in rows {
        ds.set_entry(id, *y, YearEntry { numerator: (*n).into(), denominator: (*d).into(), ..Default::default() });
    }
    ds
}

fn has(r: &Evaluated, kind: WarningKind) -> bool {
    r.warnings.iter().any(|w| w.kind == kind)
}

#[test]
fn one_death_a_year_against_a_pooled_rate_is_not_regress() {
    // No 2020 base: the reference is 2021 (1/2050 = 48.78/10万); 2023 is unstable, so the status follows
    // the pooled 2021–2023 rate 3/6100 = 49.18/10万 — a hair above the reference, pure chance.
    let ds = counts("W1", &[(2021, "1", "2050"), (2022, "1", "2000"), (2023, "1", "2050")]);
    let r = eval1(mmr("W1"), &ds, 2023);
    assert_eq!(r.status, Status::Gap, "{}", text(&r));
    assert!(!has(&r, WarningKind::Regress), "{:?}", r.warnings);
    assert_eq!(r.counts.as_ref().map(|c| c.basis), Some(lishu_core::eval::Basis::Pooled));
    let t = text(&r);
    assert!(t.contains("合并率的退步检验") && t.contains("2021年孕产妇死亡人数 1"), "{t}");
    let plain = r.plain(&cat_of(mmr("W1")));
    assert!(plain.contains("2021–2023年合计") && plain.contains("例数太少"), "{plain}");
    assert!(plain.contains("不能认定为退步"), "{plain}");
    println!("{plain}\n{t}");
}

#[test]
fn two_to_five_deaths_on_two_thousand_births_is_within_chance() {
    let ds = counts("W1", &[(2020, "2", "2000"), (2025, "5", "2000")]);
    let r = eval1(mmr("W1"), &ds, 2025);
    assert_eq!(r.status, Status::Gap, "{}", text(&r));
    assert!(!has(&r, WarningKind::Regress), "{:?}", r.warnings);
    let t = text(&r);
    // The working names the test, both counts and P (≈ 0.45: 5 of 7 events, binomial p = ½).
    assert!(t.contains("退步检验"), "{t}");
    assert!(t.contains("2020年孕产妇死亡人数 2") && t.contains("2025年 5"), "{t}");
    assert!(t.contains("P = 0.45"), "{t}");
    assert!(t.contains("偶然波动"), "{t}");
    // The plain sentence says it with both counts and no formula.
    let plain = r.plain(&cat_of(mmr("W1")));
    assert!(plain.contains("2025年孕产妇死亡人数 5 例") && plain.contains("2020年孕产妇死亡人数 2 例"), "{plain}");
    assert!(plain.contains("偶然波动") && !plain.contains("P "), "{plain}");
}

#[test]
fn a_worsening_beyond_chance_is_regress_and_names_the_reference_year() {
    let ds = counts("W1", &[(2020, "2", "2000"), (2025, "30", "2000")]);
    let r = eval1(mmr("W1"), &ds, 2025);
    assert_eq!(r.status, Status::Regress, "{}", text(&r));
    let w = r.warnings.iter().find(|w| w.kind == WarningKind::Regress).expect("退步 warning");
    assert!(w.reason.contains("2020年"), "{}", w.reason);
    assert!(w.working.contains("P < 0.0001"), "{}", w.working);
}

#[test]
fn zero_events_and_a_base_entered_as_a_rate() {
    // 0 → 3 deaths: P = 0.25, within chance.
    let r = eval1(mmr("W1"), &counts("W1", &[(2020, "0", "2000"), (2025, "3", "2000")]), 2025);
    assert_eq!(r.status, Status::Gap, "{}", text(&r));
    // 0 → 0 is no worsening and meets the target.
    let r = eval1(mmr("W1"), &counts("W1", &[(2020, "0", "2000"), (2025, "0", "2000")]), 2025);
    assert_eq!(r.status, Status::Achieved, "{}", text(&r));
    // Base entered directly as a rate (20/10万), 2025 as counts 1/2000 = 50/10万: the exact Poisson test
    // of 1 event against the 0.4 expected from the base rate (P = 0.66) → within chance.
    let mut ds = counts("W1", &[(2025, "1", "2000")]);
    ds.set_entry("W1", 2020, YearEntry { value: "20".into(), ..Default::default() });
    let r = eval1(mmr("W1"), &ds, 2025);
    assert_eq!(r.status, Status::Gap, "{}", text(&r));
    assert!(text(&r).contains("精确泊松检验"), "{}", text(&r));
    // A zero denominator is an input error (the year counts as missing), never a verdict of 退步.
    let r = eval1(mmr("W1"), &counts("W1", &[(2020, "2", "2000"), (2025, "5", "0")]), 2025);
    assert!(!r.errors.is_empty());
    assert_ne!(r.status, Status::Regress, "{}", text(&r));
    assert_eq!(r.latest_year, Some(2020));
}

#[test]
fn a_directional_event_rate_needs_a_worsening_beyond_chance() {
    let down = |id: &str| Indicator {
        entry: Entry::Rate,
        scale: Some(1000.0),
        unit: "‰".into(),
        numerator: Some("死亡人数".into()),
        denominator: Some("活产数".into()),
        ..directional(id, Direction::Down, "婴儿死亡率逐步下降")
    };
    let r = eval1(down("C1"), &counts("C1", &[(2020, "4", "2000"), (2025, "7", "2000")]), 2025);
    assert_eq!(r.status, Status::Gap, "{}", text(&r));
    assert!(!has(&r, WarningKind::Regress));
    let r = eval1(down("C1"), &counts("C1", &[(2020, "4", "2000"), (2025, "30", "2000")]), 2025);
    assert_eq!(r.status, Status::Regress, "{}", text(&r));
}

#[test]
fn other_numeric_kinds_keep_todays_rule() {
    // A coverage percentage is no event rate: any worsening beyond min_change is 退步.
    let r = eval1(min("W1", 95.0), &values("W1", &[(2020, "90"), (2025, "88")]), 2025);
    assert_eq!(r.status, Status::Regress);
    let w = r.warnings.iter().find(|w| w.kind == WarningKind::Regress).expect("退步 warning");
    assert!(w.reason.contains("较2020年"), "{}", w.reason);
    // No base: the reference is the earliest year, and it is named.
    let r = eval1(min("W1", 95.0), &values("W1", &[(2021, "90"), (2025, "88")]), 2025);
    assert_eq!(r.status, Status::Regress);
    let w = r.warnings.iter().find(|w| w.kind == WarningKind::Regress).expect("退步 warning");
    assert!(w.reason.contains("2021年"), "{}", w.reason);
}

#[test]
fn a_stage_that_fell_back_names_the_year_of_the_higher_stage() {
    let i = ind("W1", Kind::Milestone);
    let ds = stages("W1", &[(2020, Stage::InProgress), (2023, Stage::Basic), (2025, Stage::InProgress)]);
    let r = eval1(i.clone(), &ds, 2025);
    assert_eq!(r.status, Status::Regress);
    let w = r.warnings.iter().find(|w| w.kind == WarningKind::Regress).expect("退步 warning");
    assert!(w.reason.contains("低于2023年的“基本实现”"), "{}", w.reason);
    let cat = cat_of(i);
    let row = report_row(&cat, &ds, 2025);
    assert!(row.summary.contains("低于2023年的“基本实现”"), "{}", row.summary);
}

#[test]
fn no_volatility_from_non_adjacent_years() {
    // 2020, a middle year, 2025: no one-year spike, no 波动较大, and the explanation says why.
    let r = eval1(min("W1", 50.0), &values("W1", &[(2020, "60"), (2022, "90"), (2025, "61")]), 2025);
    assert!(!has(&r, WarningKind::Volatile), "{:?}", r.warnings);
    assert!(r.spikes.is_empty());
    let t = text(&r);
    assert!(t.contains("连续") && t.contains("不判断波动"), "{t}");
    // The same swing among four consecutive years is flagged.
    let r = eval1(
        min("W1", 50.0),
        &values("W1", &[(2020, "60"), (2021, "60.5"), (2022, "90"), (2023, "61"), (2024, "61.5")]),
        2024,
    );
    assert!(has(&r, WarningKind::Volatile), "{:?}", r.warnings);
    assert_eq!(r.spikes, vec![2022]);
}

fn cat_of(i: Indicator) -> lishu_core::catalogue::Catalogue {
    catalogue(vec![i])
}

fn report_row(cat: &lishu_core::catalogue::Catalogue, ds: &Dataset, year: u16) -> lishu_core::report::IndicatorRow {
    let ev = lishu_core::eval::evaluate(cat, ds, year);
    let refs = cat.indicators();
    let r = refs.first().expect("one indicator");
    let res = ev.result(&r.indicator.id).expect("result");
    lishu_core::report::IndicatorRow::new(cat, r, res)
}
