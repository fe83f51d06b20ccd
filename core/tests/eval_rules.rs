//! Threshold rules (min/max, every_year, approx, relative), explanations and input errors, on small
//! catalogues built in code. Other kinds: eval_kinds.rs.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Entry, Indicator, Kind, Op};
use lishu_core::dataset::{Dataset, IndicatorSettings, InputErrorKind, YearEntry};
use lishu_core::eval::{evaluate, Status, WarningKind};

// ---------- min / max ----------

#[test]
fn min_exactly_on_threshold_is_met_inclusive() {
    // 达到90%以上 includes 90 (民法典第1259条).
    assert_eq!(
        status1(min("W1", 90.0), &[(2020, "85"), (2023, "90")], 2023),
        Status::AchievedEarly
    );
    assert_eq!(
        status1(min("W1", 90.0), &[(2020, "85"), (2025, "90")], 2025),
        Status::Achieved
    );
}

#[test]
fn early_vs_achieved_depends_on_assessed_year() {
    let vals = [(2020, "85"), (2022, "91"), (2025, "92")];
    assert_eq!(status1(min("W1", 90.0), &vals, 2022), Status::AchievedEarly);
    assert_eq!(status1(min("W1", 90.0), &vals, 2024), Status::AchievedEarly);
    assert_eq!(status1(min("W1", 90.0), &vals, 2025), Status::Achieved);
}

#[test]
fn strict_operators_exclude_the_number() {
    let gt = Indicator {
        op: Some(Op::Gt),
        ..min("W1", 90.0)
    };
    // 90 is not > 90, but within the 1 % tolerance.
    assert_eq!(
        status1(gt.clone(), &[(2020, "80"), (2025, "90")], 2025),
        Status::Basic
    );
    assert_eq!(
        status1(gt, &[(2020, "80"), (2025, "90.5")], 2025),
        Status::Achieved
    );
}

#[test]
fn national_example_20_1_against_20_is_basic() {
    let i = max("W2", 20.0, "/10万");
    assert_eq!(
        status1(i.clone(), &[(2020, "21"), (2025, "20.1")], 2025),
        Status::Basic
    );
    // Exactly the limit of the tolerance: 20 × 1.01 = 20.2.
    assert_eq!(
        status1(i.clone(), &[(2020, "21"), (2025, "20.2")], 2025),
        Status::Basic
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "21"), (2025, "20.3")], 2025),
        Status::Gap
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "21"), (2025, "20")], 2025),
        Status::Achieved
    );
    let r = eval1(i, &values("W2", &[(2020, "21"), (2025, "20.1")]), 2025);
    let t = text(&r);
    assert!(t.contains("≤ 20/10万（含本数）"), "{t}");
    assert!(t.contains("≤ 20.2/10万"), "{t}");
}

#[test]
fn min_tolerance_below_target() {
    // 90 × 0.99 = 89.1.
    assert_eq!(
        status1(min("W1", 90.0), &[(2020, "85"), (2025, "89.1")], 2025),
        Status::Basic
    );
    assert_eq!(
        status1(min("W1", 90.0), &[(2020, "85"), (2025, "89")], 2025),
        Status::Gap
    );
}

#[test]
fn wrong_direction_is_regress_unless_within_tolerance() {
    assert_eq!(
        status1(min("W1", 90.0), &[(2020, "85"), (2025, "80")], 2025),
        Status::Regress
    );
    assert_eq!(
        status1(
            max("W2", 20.0, "/10万"),
            &[(2020, "21"), (2025, "25")],
            2025
        ),
        Status::Regress
    );
    // Worse than base but within tolerance → 基本实现, with a 退步 warning.
    let r = eval1(
        min("W1", 90.0),
        &values("W1", &[(2020, "89.9"), (2025, "89.5")]),
        2025,
    );
    assert_eq!(r.status, Status::Basic);
    assert!(
        r.warnings.iter().any(|w| w.kind == WarningKind::Regress),
        "{:?}",
        r.warnings
    );
    // Met but worse than base → still met, with a 退步 warning.
    let r = eval1(
        min("W1", 90.0),
        &values("W1", &[(2020, "97"), (2025, "95")]),
        2025,
    );
    assert_eq!(r.status, Status::Achieved);
    assert!(r.warnings.iter().any(|w| w.kind == WarningKind::Regress));
}

#[test]
fn regress_uses_earliest_year_without_base_and_notes_it() {
    let r = eval1(
        min("W1", 90.0),
        &values("W1", &[(2021, "85"), (2024, "80")]),
        2024,
    );
    assert_eq!(r.status, Status::Regress);
    assert!(
        text(&r).contains("缺少2020年基数，以最早有数据的2021年"),
        "{}",
        text(&r)
    );
}

#[test]
fn missing_target_or_data_is_no_data() {
    let i = Indicator {
        value: None,
        ..min("W1", 0.0)
    };
    let r = eval1(i, &values("W1", &[(2020, "85")]), 2025);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("目录未给出目标值"));
    let r = eval1(min("W1", 90.0), &Dataset::default(), 2023);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("无数据"));
    // Data only after the assessed year is not used.
    assert_eq!(
        status1(min("W1", 90.0), &[(2024, "95")], 2023),
        Status::NoData
    );
}

#[test]
fn latest_may_be_earlier_than_assessed_year() {
    let r = eval1(
        min("W1", 90.0),
        &values("W1", &[(2020, "85"), (2022, "91")]),
        2024,
    );
    assert_eq!(r.latest_year, Some(2022));
    assert_eq!(r.status, Status::AchievedEarly);
    assert!(text(&r).contains("2024年无数据，取最近的2022年"));
    assert_eq!(r.series.len(), 5);
}

// ---------- every_year ----------

#[test]
fn every_year_break_makes_it_basic_when_latest_holds() {
    let i = Indicator {
        every_year: true,
        ..min("W1", 99.0)
    };
    let r = eval1(
        i.clone(),
        &values(
            "W1",
            &[(2020, "98"), (2021, "99.2"), (2022, "98.5"), (2023, "99.1")],
        ),
        2023,
    );
    assert_eq!(r.status, Status::Basic);
    assert_eq!(r.broken_years, vec![2022]);
    assert!(r.warnings.iter().any(|w| w.kind == WarningKind::NotHeld));
    // The 2020 base below the target is outside the plan period: not a break.
    let r = eval1(
        i.clone(),
        &values("W1", &[(2020, "98"), (2021, "99.2"), (2023, "99.1")]),
        2023,
    );
    assert_eq!(r.status, Status::AchievedEarly);
    assert!(r.broken_years.is_empty());
    // Latest breaks: judged like a threshold (2024 is listed too).
    let r = eval1(
        i,
        &values("W1", &[(2020, "98"), (2021, "99.2"), (2024, "90")]),
        2024,
    );
    assert_eq!(r.status, Status::Regress);
    assert_eq!(r.broken_years, vec![2024]);
}

// ---------- approx ----------

#[test]
fn approx_band_inclusive_and_overridable() {
    let i = Indicator {
        op: Some(Op::Approx),
        value: Some(40.0),
        direction: Direction::Hold,
        ..ind("W3", Kind::Approx)
    };
    assert_eq!(
        status1(i.clone(), &[(2020, "37"), (2025, "42")], 2025),
        Status::Achieved
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "37"), (2025, "38")], 2025),
        Status::Achieved
    );
    // 42 × 1.01 = 42.42.
    assert_eq!(
        status1(i.clone(), &[(2020, "40"), (2025, "42.4")], 2025),
        Status::Basic
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "43"), (2025, "43")], 2025),
        Status::Gap
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "43"), (2025, "45")], 2025),
        Status::Regress
    );
    let r = eval1(i.clone(), &values("W3", &[(2025, "41")]), 2025);
    assert_eq!(r.band, Some((38.0, 42.0)));
    // The indicator band and then the user's setting override the default.
    let narrow = Indicator {
        band: Some(0.5),
        ..i.clone()
    };
    assert_eq!(
        status1(narrow.clone(), &[(2020, "37"), (2025, "41")], 2025),
        Status::Gap
    );
    let mut ds = values("W3", &[(2020, "37"), (2025, "41")]);
    ds.settings.insert(
        "W3".into(),
        IndicatorSettings {
            band: Some(1.0),
            ..Default::default()
        },
    );
    let r = eval1(narrow, &ds, 2025);
    assert_eq!(r.status, Status::Achieved);
    assert_eq!(r.band, Some((39.0, 41.0)));
}

// ---------- relative ----------

#[test]
fn relative_target_from_base() {
    // 儿童伤害死亡率以2020年为基数下降15%: base 20 → target 17.
    let i = Indicator {
        value: Some(-15.0),
        unit: "/10万".into(),
        direction: Direction::Down,
        ..ind("C1", Kind::Relative)
    };
    let r = eval1(
        i.clone(),
        &values("C1", &[(2020, "20"), (2023, "17")]),
        2023,
    );
    assert_eq!(r.target, Some(17.0));
    assert_eq!(r.status, Status::AchievedEarly);
    assert!(text(&r).contains("20 × 0.85 = 17"), "{}", text(&r));
    // 17 × 1.01 = 17.17.
    assert_eq!(
        status1(i.clone(), &[(2020, "20"), (2025, "17.1")], 2025),
        Status::Basic
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "20"), (2025, "18")], 2025),
        Status::Gap
    );
    assert_eq!(
        status1(i.clone(), &[(2020, "20"), (2025, "21")], 2025),
        Status::Regress
    );
    // No base → 无数据, with the reason.
    let r = eval1(i, &values("C1", &[(2021, "18"), (2025, "16")]), 2025);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("缺少2020年基数"));
}

// ---------- rates, explanations, errors ----------

#[test]
fn rate_derivation_in_explanation() {
    let i = Indicator {
        entry: Entry::Rate,
        scale: Some(100_000.0),
        ..max("W13", 14.5, "/10万")
    };
    let mut ds = Dataset::default();
    ds.set_entry(
        "W13",
        2023,
        YearEntry {
            numerator: "3".into(),
            denominator: "21500".into(),
            ..Default::default()
        },
    );
    let r = eval1(i, &ds, 2023);
    assert!(
        text(&r).contains("2023年：3 ÷ 21500 × 100000 = 13.95/10万"),
        "{}",
        text(&r)
    );
    assert_eq!(r.status, Status::AchievedEarly);
    assert!(text(&r).contains("规则：≤ 14.5/10万（含本数）"));
}

/// The explanation is rendered from the result alone: identical after a JSON round trip (the file the
/// CLI writes), and it says so when the catalogue no longer gives the stored status.
#[test]
fn explanation_is_rendered_from_the_result() {
    let i = Indicator {
        entry: Entry::Rate,
        scale: Some(100_000.0),
        ..max("W13", 14.5, "/10万")
    };
    let mut ds = Dataset::default();
    for (y, n) in [(2020, "4"), (2022, "x"), (2023, "3")] {
        ds.set_entry(
            "W13",
            y,
            YearEntry {
                numerator: n.into(),
                denominator: "21500".into(),
                ..Default::default()
            },
        );
    }
    ds.settings.insert(
        "W13".into(),
        IndicatorSettings {
            band: Some(1.5),
            ..Default::default()
        },
    );
    let cat = catalogue(vec![i.clone()]);
    let ev = evaluate(&cat, &ds, 2023);
    let r = &ev.results[0];
    let lines = r.explanation(&cat);
    let t = lines.join("\n");
    for part in [
        "2020年（基数）：4 ÷ 21500 × 100000 = 18.6/10万",
        "2021年：未填报",
        "2022年：填报有误——",
        "2023年：3 ÷ 21500 × 100000 = 13.95/10万",
        "结论：提前实现",
    ] {
        assert!(t.contains(part), "{part}: {t}");
    }
    assert!(!r.errors.is_empty());
    assert!(t.contains(&format!("有{}处填报错误", r.errors.len())), "{t}");
    let json = serde_json::to_string(r).expect("json");
    let back: lishu_core::eval::IndicatorResult = serde_json::from_str(&json).expect("result");
    assert_eq!(&back, r);
    assert_eq!(back.explanation(&cat), lines);
    // A catalogue whose target no longer gives the stored status: the explanation says so.
    let stricter = catalogue(vec![max("W13", 10.0, "/10万")]);
    let t = r.explanation(&stricter).join("\n");
    assert!(t.contains("注意：按当前目录重新计算得到“尚存差距”"), "{t}");
    assert!(r.explanation(&catalogue(vec![min("W1", 1.0)]))[0].contains("目录中没有指标 W13"));
}

#[test]
fn input_errors_are_collected_not_panicking() {
    let i = Indicator {
        entry: Entry::Rate,
        ..min("W14", 90.0)
    };
    let mut ds = Dataset::default();
    ds.set_entry(
        "W14",
        2020,
        YearEntry {
            value: "85".into(),
            ..Default::default()
        },
    );
    ds.set_entry(
        "W14",
        2021,
        YearEntry {
            numerator: "abc".into(),
            denominator: "100".into(),
            ..Default::default()
        },
    );
    ds.set_entry(
        "W14",
        2022,
        YearEntry {
            numerator: "5".into(),
            denominator: "0".into(),
            ..Default::default()
        },
    );
    ds.set_entry(
        "W14",
        2023,
        YearEntry {
            value: "120".into(),
            ..Default::default()
        },
    );
    ds.set_entry(
        "W14",
        2024,
        YearEntry {
            value: "91".into(),
            ..Default::default()
        },
    );
    // Unknown indicator and a year outside 2020–2025.
    ds.set_entry(
        "X9-9-9",
        2023,
        YearEntry {
            value: "1".into(),
            ..Default::default()
        },
    );
    ds.set_entry(
        "W14",
        2031,
        YearEntry {
            value: "1".into(),
            ..Default::default()
        },
    );
    let cat = catalogue(vec![i]);
    let ev = evaluate(&cat, &ds, 2024);
    let r = &ev.results[0];
    let mut years: Vec<u16> = r.errors.iter().map(|e| e.year).collect();
    years.dedup();
    assert_eq!(years, vec![2021, 2022, 2023], "{:?}", r.errors);
    assert!(r
        .errors
        .iter()
        .any(|e| e.year == 2021 && matches!(e.kind, InputErrorKind::NotANumber { .. })));
    assert!(r
        .errors
        .iter()
        .any(|e| e.year == 2022 && e.kind == InputErrorKind::ZeroDenominator));
    assert!(r
        .errors
        .iter()
        .any(|e| e.year == 2023 && matches!(e.kind, InputErrorKind::AboveMax { .. })));
    assert_eq!(
        r.series,
        vec![
            (2020, Some(85.0)),
            (2021, None),
            (2022, None),
            (2023, None),
            (2024, Some(91.0))
        ]
    );
    assert_eq!(r.status, Status::AchievedEarly);
    let t = r.explanation(&cat).join("\n");
    assert!(t.contains("“abc”不是有效数字"), "{t}");
    assert!(t.contains("该年按无数据处理"));
    assert_eq!(ev.errors.len(), 2, "{:?}", ev.errors);
    assert!(ev.errors.iter().any(|e| e.indicator == "X9-9-9"
        && e.year == 2023
        && e.kind == InputErrorKind::UnknownIndicator));
    assert!(ev.errors.iter().any(|e| e.indicator == "W14"
        && e.year == 2031
        && e.kind == InputErrorKind::YearOutOfRange));
}

#[test]
fn assessed_year_is_clamped() {
    let cat = catalogue(vec![min("W1", 90.0)]);
    let ds = values("W1", &[(2020, "85"), (2025, "95")]);
    assert_eq!(evaluate(&cat, &ds, 2030).year, 2025);
    assert_eq!(
        evaluate(&cat, &ds, 2030).results[0].status,
        Status::Achieved
    );
    assert_eq!(evaluate(&cat, &ds, 1999).year, 2020);
}
