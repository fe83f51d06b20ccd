//! Rules of the other kinds (per body, directional, relational, balance, milestone) and their
//! boundaries, on small catalogues built in code.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Entry, Indicator, Kind, Op, Stage};
use lishu_core::dataset::{Dataset, IndicatorSettings, YearEntry};
use lishu_core::eval::{evaluate, Status, WarningKind};

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

/// Each year's evidence is shown (cut at 60 characters), also from a result read back from JSON; a stored
/// result whose evidence lengths do not fit its text loses the evidence, never panics.
#[test]
fn milestone_evidence_in_explanation() {
    let i = Indicator {
        entry: Entry::Milestone,
        unit: String::new(),
        ..ind("W12", Kind::Milestone)
    };
    let long = "很长的佐证材料".repeat(10);
    let mut ds = Dataset::default();
    for (y, st, ev) in [
        (2020, Stage::NotStarted, " 文件甲 "),
        (2021, Stage::InProgress, ""),
        (2022, Stage::Done, long.as_str()),
    ] {
        ds.set_entry(
            "W12",
            y,
            YearEntry {
                stage: Some(st),
                evidence: ev.to_string(),
                ..Default::default()
            },
        );
    }
    let cat = catalogue(vec![i]);
    let ev = evaluate(&cat, &ds, 2023);
    let r = &ev.results[0];
    let cut: String = long.chars().take(60).collect();
    let lines = r.explanation(&cat);
    let t = lines.join("\n");
    for part in [
        "2020年（基数）：阶段“未启动”；佐证：文件甲\n".to_string(),
        "2021年：阶段“推进中”；未填佐证材料\n".to_string(),
        format!("2022年：阶段“已实现”；佐证：{cut}…\n"),
        "2023年：未填报\n".to_string(),
    ] {
        assert!(t.contains(&part), "{part}: {t}");
    }
    let json = serde_json::to_string(r).expect("json");
    let mut back: lishu_core::eval::IndicatorResult = serde_json::from_str(&json).expect("result");
    assert_eq!(back.explanation(&cat), lines);
    back.audit.years[2].evidence_len = 1_000_000;
    let t = back.explanation(&cat).join("\n");
    assert!(t.contains("2022年：阶段“已实现”；未填佐证材料"), "{t}");
    back.audit.years[0].evidence_len = 1;
    let t = back.explanation(&cat).join("\n");
    assert!(t.contains("2020年（基数）：阶段“未启动”；未填佐证材料"), "{t}");
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
