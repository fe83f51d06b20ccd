//! Rules per kind and their boundaries, on small catalogues built in code.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Entry, Indicator, Kind, Op, Stage};
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

// ---------- per body ----------

fn per_body() -> Indicator {
    Indicator {
        value: Some(1.0),
        unit: "名".into(),
        entry: Entry::PerBody,
        bodies: vec![
            "区委".into(),
            "区人大".into(),
            "区政府".into(),
            "区政协".into(),
        ],
        ..ind("W4", Kind::CountPerBody)
    }
}

fn bodies(pairs: &[(u16, &[(&str, &str)])]) -> Dataset {
    let mut ds = Dataset::default();
    for (y, bs) in pairs {
        let e = YearEntry {
            bodies: bs
                .iter()
                .map(|(b, v)| (b.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        ds.set_entry("W4", *y, e);
    }
    ds
}

#[test]
fn per_body_met_short_missing_regress() {
    let all: &[(&str, &str)] = &[
        ("区委", "1"),
        ("区人大", "2"),
        ("区政府", "1"),
        ("区政协", "1"),
    ];
    let r = eval1(per_body(), &bodies(&[(2023, all)]), 2023);
    assert_eq!(r.status, Status::AchievedEarly);
    assert_eq!(r.latest, Some(1.0));

    let short: &[(&str, &str)] = &[("区委", "1"), ("区人大", "0"), ("区政府", "1")];
    let r = eval1(per_body(), &bodies(&[(2023, short)]), 2023);
    assert_eq!(r.status, Status::Gap);
    assert_eq!(r.bodies_short, vec!["区人大".to_string()]);
    assert_eq!(r.bodies_missing, vec!["区政协".to_string()]);
    assert!(text(&r).contains("未达到的单位：区人大"));

    let missing: &[(&str, &str)] = &[("区委", "1"), ("区人大", "1"), ("区政府", "1")];
    let r = eval1(per_body(), &bodies(&[(2023, missing)]), 2023);
    assert_eq!(r.status, Status::NoData);
    assert_eq!(r.bodies_missing, vec!["区政协".to_string()]);
    assert!(text(&r).contains("缺少区政协"));

    let worse: &[(&str, &str)] = &[
        ("区委", "1"),
        ("区人大", "1"),
        ("区政府", "0"),
        ("区政协", "1"),
    ];
    let r = eval1(per_body(), &bodies(&[(2020, all), (2024, worse)]), 2024);
    assert_eq!(r.status, Status::Regress);
    assert!(r.warnings.iter().any(|w| w.kind == WarningKind::Regress));
}

// ---------- directional ----------

#[test]
fn directional_up_down_flat_and_one_point() {
    let up = directional("W5", Direction::Up, "妇女经常参加体育锻炼的人数比例提高");
    assert_eq!(
        status1(up.clone(), &[(2020, "30"), (2023, "33")], 2023),
        Status::AchievedEarly
    );
    assert_eq!(
        status1(up.clone(), &[(2020, "30"), (2025, "30")], 2025),
        Status::Gap
    );
    assert_eq!(
        status1(up.clone(), &[(2020, "30"), (2025, "29")], 2025),
        Status::Regress
    );
    let r = eval1(up.clone(), &values("W5", &[(2020, "30")]), 2025);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("只有1个年度数据"));
    let down = directional("W6", Direction::Down, "孕产妇贫血患病率下降");
    assert_eq!(
        status1(down.clone(), &[(2020, "30"), (2025, "25")], 2025),
        Status::Achieved
    );
    assert_eq!(
        status1(down, &[(2020, "30"), (2025, "31")], 2025),
        Status::Regress
    );
    // A step back without 逐步 wording does not matter.
    assert_eq!(
        status1(up, &[(2020, "30"), (2021, "29"), (2025, "33")], 2025),
        Status::Achieved
    );
}

#[test]
fn steady_wording_requires_no_step_back() {
    let i = directional("W7", Direction::Up, "适龄妇女乳腺癌人群筛查率逐步提高");
    let r = eval1(
        i.clone(),
        &values(
            "W7",
            &[(2020, "30"), (2021, "32"), (2022, "31"), (2023, "34")],
        ),
        2023,
    );
    assert_eq!(r.status, Status::Basic);
    assert_eq!(r.broken_years, vec![2022]);
    assert!(r.warnings.iter().any(|w| w.kind == WarningKind::NotHeld));
    assert_eq!(
        status1(
            i,
            &[(2020, "30"), (2021, "32"), (2022, "32"), (2023, "34")],
            2023
        ),
        Status::AchievedEarly
    );
}

#[test]
fn min_change_threshold_for_directional() {
    let i = Indicator {
        unit: "元".into(),
        ..directional("W5", Direction::Up, "提高")
    };
    let mut cat = catalogue(vec![i]);
    cat.defaults.min_change = 0.05;
    let ds = values("W5", &[(2020, "100"), (2025, "104")]);
    assert_eq!(evaluate(&cat, &ds, 2025).results[0].status, Status::Gap);
    let ds = values("W5", &[(2020, "100"), (2025, "106")]);
    assert_eq!(
        evaluate(&cat, &ds, 2025).results[0].status,
        Status::Achieved
    );
    let ds = values("W5", &[(2020, "100"), (2025, "96")]);
    assert_eq!(evaluate(&cat, &ds, 2025).results[0].status, Status::Gap);
}

#[test]
fn hold_and_hold_up() {
    let hu = directional(
        "W8",
        Direction::HoldUp,
        "区级人大代表女性比例保持稳定并有所提高",
    );
    assert_eq!(
        status1(
            hu.clone(),
            &[(2020, "25"), (2022, "25.5"), (2024, "26")],
            2024
        ),
        Status::AchievedEarly
    );
    let r = eval1(
        hu.clone(),
        &values("W8", &[(2020, "25"), (2022, "24"), (2024, "26")]),
        2024,
    );
    assert_eq!(r.status, Status::Basic);
    assert_eq!(r.broken_years, vec![2022]);
    assert_eq!(
        status1(hu.clone(), &[(2020, "25"), (2024, "25")], 2024),
        Status::Gap
    );
    assert_eq!(
        status1(hu, &[(2020, "25"), (2024, "24")], 2024),
        Status::Regress
    );
    let hold = directional("W9", Direction::Hold, "保持合理比例");
    assert_eq!(
        status1(hold.clone(), &[(2020, "30"), (2024, "32")], 2024),
        Status::AchievedEarly
    );
    assert_eq!(
        status1(hold, &[(2020, "30"), (2024, "33")], 2024),
        Status::Gap
    );
}

#[test]
fn slow_rise() {
    let i = directional(
        "W10",
        Direction::SlowRise,
        "妇女焦虑障碍、抑郁症患病率上升趋势减缓",
    );
    // Rises 2, 1.5, 1 → slowing.
    assert_eq!(
        status1(
            i.clone(),
            &[(2020, "10"), (2021, "12"), (2022, "13.5"), (2023, "14.5")],
            2023
        ),
        Status::AchievedEarly
    );
    // Rises 2, 2.5, 1 → slowed overall but rebounded in 2022.
    let r = eval1(
        i.clone(),
        &values(
            "W10",
            &[(2020, "10"), (2021, "12"), (2022, "14.5"), (2023, "15.5")],
        ),
        2023,
    );
    assert_eq!(r.status, Status::Basic);
    assert_eq!(r.broken_years, vec![2022]);
    // Rises 1, 2 → accelerating.
    assert_eq!(
        status1(i.clone(), &[(2020, "10"), (2021, "11"), (2022, "13")], 2022),
        Status::Regress
    );
    // Constant rise → not slowing.
    assert_eq!(
        status1(i.clone(), &[(2020, "10"), (2021, "11"), (2022, "12")], 2022),
        Status::Gap
    );
    // Annualised over a gap: 2020→2022 +2 (1/yr), 2022→2023 +0.5 → slowing.
    assert_eq!(
        status1(
            i.clone(),
            &[(2020, "10"), (2022, "12"), (2023, "12.5")],
            2023
        ),
        Status::AchievedEarly
    );
    // Two points are not enough.
    let r = eval1(i, &values("W10", &[(2020, "10"), (2021, "12")]), 2021);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("至少需要3个"));
}

// ---------- relational ----------

#[test]
fn relational_against_other() {
    let i = Indicator {
        op: Some(Op::Ge),
        compare_with: Some("党员总数中女性比例".into()),
        ..ind("W11", Kind::Relational)
    };
    let mut ds = Dataset::default();
    let e = |v: &str, o: &str| YearEntry {
        value: v.into(),
        other: o.into(),
        ..Default::default()
    };
    ds.set_entry("W11", 2020, e("25", "27"));
    ds.set_entry("W11", 2023, e("28", "28"));
    let r = eval1(i.clone(), &ds, 2023);
    assert_eq!(r.status, Status::AchievedEarly);
    assert_eq!(r.target, Some(28.0));
    ds.set_entry("W11", 2024, e("26", "28"));
    // Shortfall 2 in 2024 vs 2 in 2020 → not worse → 尚存差距.
    assert_eq!(eval1(i.clone(), &ds, 2024).status, Status::Gap);
    ds.set_entry("W11", 2025, e("24", "28"));
    assert_eq!(eval1(i.clone(), &ds, 2025).status, Status::Regress);
    // Value without the other value: that year cannot be judged.
    let mut ds2 = Dataset::default();
    ds2.set_entry("W11", 2023, e("28", ""));
    let r = eval1(i, &ds2, 2023);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("党员总数中女性比例 未填报"));
}

// ---------- balance ----------

#[test]
fn balance_band() {
    let i = Indicator {
        entry: Entry::FemaleMale,
        direction: Direction::Hold,
        every_year: true,
        ..ind("C2", Kind::Balance)
    };
    let fm = |f: &str, m: &str| YearEntry {
        female: f.into(),
        male: m.into(),
        ..Default::default()
    };
    let mut ds = Dataset::default();
    ds.set_entry("C2", 2020, fm("470", "530"));
    ds.set_entry("C2", 2023, fm("450", "550"));
    let r = eval1(i.clone(), &ds, 2023);
    assert_eq!(r.status, Status::AchievedEarly);
    assert_eq!(r.band, Some((45.0, 55.0)));
    assert!(
        text(&r).contains("450 ÷ (450 + 550) × 100 = 45"),
        "{}",
        text(&r)
    );
    ds.set_entry("C2", 2024, fm("447", "553"));
    assert_eq!(eval1(i.clone(), &ds, 2024).status, Status::Basic);
    ds.set_entry("C2", 2025, fm("400", "600"));
    let r = eval1(i.clone(), &ds, 2025);
    assert_eq!(r.status, Status::Regress);
    assert_eq!(r.broken_years, vec![2024, 2025]);
    let mut ds = Dataset::default();
    ds.set_entry("C2", 2025, fm("48", "52"));
    ds.settings.insert(
        "C2".into(),
        IndicatorSettings {
            band: Some(1.0),
            ..Default::default()
        },
    );
    assert_eq!(eval1(i, &ds, 2025).status, Status::Gap);
}

// ---------- milestone ----------

#[test]
fn milestone_stages() {
    let i = Indicator {
        entry: Entry::Milestone,
        unit: String::new(),
        ..ind("W12", Kind::Milestone)
    };
    let done = stages("W12", &[(2021, Stage::InProgress), (2023, Stage::Done)]);
    assert_eq!(eval1(i.clone(), &done, 2023).status, Status::AchievedEarly);
    assert_eq!(eval1(i.clone(), &done, 2025).status, Status::Achieved);
    assert_eq!(eval1(i.clone(), &done, 2022).status, Status::Gap);
    assert_eq!(
        eval1(i.clone(), &stages("W12", &[(2024, Stage::Basic)]), 2025).status,
        Status::Basic
    );
    assert_eq!(
        eval1(
            i.clone(),
            &stages("W12", &[(2024, Stage::NotStarted)]),
            2025
        )
        .status,
        Status::Gap
    );
    let back = stages(
        "W12",
        &[(2022, Stage::InProgress), (2024, Stage::NotStarted)],
    );
    let r = eval1(i.clone(), &back, 2025);
    assert_eq!(r.status, Status::Regress);
    assert_eq!(
        r.stages,
        vec![(2022, Stage::InProgress), (2024, Stage::NotStarted)]
    );
    assert!(r.projection.is_none() && r.cs.is_none());
    let r = eval1(i, &Dataset::default(), 2025);
    assert_eq!(r.status, Status::NoData);
    assert!(text(&r).contains("未填报进展阶段"));
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
    assert!(text(r).contains("“abc”不是有效数字"), "{}", text(r));
    assert!(text(r).contains("该年按无数据处理"));
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

#[test]
fn relational_approx_means_within_band_of_other() {
    // 职工代表大会中女性比例与女职工比例相适应 (op ~): |v − other| ≤ approx band (2).
    let i = Indicator {
        op: Some(Op::Approx),
        direction: Direction::Hold,
        ..ind("W15", Kind::Relational)
    };
    let e = |v: &str, o: &str| YearEntry {
        value: v.into(),
        other: o.into(),
        ..Default::default()
    };
    let mut ds = Dataset::default();
    ds.set_entry("W15", 2020, e("30", "36"));
    ds.set_entry("W15", 2023, e("38", "36"));
    let r = eval1(i.clone(), &ds, 2023);
    assert_eq!(r.status, Status::AchievedEarly);
    assert_eq!(r.band, Some((34.0, 38.0)));
    ds.set_entry("W15", 2024, e("39", "36"));
    assert_eq!(eval1(i.clone(), &ds, 2024).status, Status::Gap);
    ds.set_entry("W15", 2025, e("28", "36"));
    assert_eq!(eval1(i, &ds, 2025).status, Status::Regress);
}

#[test]
fn directional_at_natural_bound_is_met() {
    // 母婴传播病例数 base 0 and still 0: cannot decrease further → met.
    let down = Indicator {
        unit: "例".into(),
        ..directional("W16", Direction::Down, "母婴传播减少")
    };
    assert_eq!(
        status1(down.clone(), &[(2020, "0"), (2024, "0")], 2024),
        Status::AchievedEarly
    );
    assert_eq!(
        status1(down, &[(2020, "0"), (2024, "1")], 2024),
        Status::Regress
    );
    let up = directional("W17", Direction::Up, "提高");
    assert_eq!(
        status1(up.clone(), &[(2020, "100"), (2025, "100")], 2025),
        Status::Achieved
    );
    assert_eq!(
        status1(up, &[(2020, "99"), (2025, "99")], 2025),
        Status::Gap
    );
}
