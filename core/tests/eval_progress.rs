//! CS, projection, AP and warnings, checked against figures computed by hand.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Indicator, Kind};
use lishu_core::dataset::IndicatorSettings;
use lishu_core::eval::{Status, WarningKind};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-3)
}

#[test]
fn cs_and_ap_on_an_exact_line() {
    // 80, 82, 84, 86 → CS = (86 − 80) ÷ (90 − 80) = 0.6; a straight line projects 90 in 2025 → AP = 1.
    let r = eval1(
        min("W1", 90.0),
        &values(
            "W1",
            &[(2020, "80"), (2021, "82"), (2022, "84"), (2023, "86")],
        ),
        2023,
    );
    assert_eq!(r.status, Status::Gap);
    assert!(close(r.cs, 0.6), "{:?}", r.cs);
    assert!((r.expected - 0.6).abs() < 1e-12);
    assert!(close(r.projection, 90.0), "{:?}", r.projection);
    assert!(close(r.ap, 1.0), "{:?}", r.ap);
    assert_eq!(r.projection_method, "时间加权线性趋势");
    assert!(
        !r.warnings
            .iter()
            .any(|w| w.kind == WarningKind::HardToReach),
        "{:?}",
        r.warnings
    );
    let t = text(&r);
    assert!(t.contains("现状指数 CS = (最新值 − 基数) ÷ (目标值 − 基数) = (86 − 80) ÷ (90 − 80) = 0.60"), "{t}");
    assert!(t.contains("应达进度 = (2023 − 2020) ÷ 5 = 0.60"), "{t}");
}

#[test]
fn time_weights_favour_recent_years() {
    // Hand computation: weights 1, 1.25, 5 for 2020, 2021, 2024; WLS projection 11.8182
    // (unweighted OLS would give 13.08).
    let i = Indicator {
        unit: String::new(),
        ..directional("W2", Direction::Up, "提高")
    };
    let r = eval1(
        i,
        &values("W2", &[(2020, "0"), (2021, "10"), (2024, "10")]),
        2024,
    );
    assert!(close(r.projection, 11.818_18), "{:?}", r.projection);
    assert!(text(&r).contains("2024:5"), "{}", text(&r));
}

#[test]
fn cagr_for_per_mille_rates() {
    // (8.1 ÷ 10)^(1/2) − 1 = −10 %; 8.1 × 0.9³ = 5.9049.
    let i = max("C1", 6.0, "‰");
    let r = eval1(i, &values("C1", &[(2020, "10"), (2022, "8.1")]), 2022);
    assert_eq!(r.projection_method, "复合年增长率(CAGR)");
    assert!(close(r.projection, 5.9049), "{:?}", r.projection);
    assert!(
        text(&r).contains("CAGR = (8.1 ÷ 10)^(1/2) − 1 = -10.00%"),
        "{}",
        text(&r)
    );
    // AP = (5.9049 − 10) ÷ (6 − 10) = 1.0238.
    assert!(close(r.ap, 1.023_775), "{:?}", r.ap);
}

#[test]
fn projection_is_clamped_to_the_unit_range() {
    let r = eval1(
        min("W3", 99.0),
        &values("W3", &[(2020, "90"), (2021, "95"), (2022, "99")]),
        2022,
    );
    assert_eq!(r.projection, Some(100.0));
    assert!(text(&r).contains("超出单位取值范围"));
}

#[test]
fn hard_to_reach_warning_only_before_2025() {
    let vals = [(2020, "80"), (2021, "80.5"), (2022, "81")];
    let r = eval1(min("W1", 90.0), &values("W1", &vals), 2022);
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::HardToReach)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(w[0].reason.contains("达不到目标 ≥ 90%"), "{}", w[0].reason);
    let vals = [(2020, "80"), (2021, "80.5"), (2025, "81")];
    let r = eval1(min("W1", 90.0), &values("W1", &vals), 2025);
    assert!(r.projection.is_none());
    assert!(!r
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::HardToReach));
    // Directional: falling trend.
    let i = Indicator {
        unit: String::new(),
        ..directional("W2", Direction::Up, "提高")
    };
    let r = eval1(
        i,
        &values(
            "W2",
            &[(2020, "10"), (2021, "11"), (2022, "10.5"), (2023, "9")],
        ),
        2023,
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.kind == WarningKind::HardToReach),
        "{:?}",
        r.warnings
    );
}

#[test]
fn fewer_than_two_points_no_projection() {
    let r = eval1(min("W1", 90.0), &values("W1", &[(2022, "85")]), 2023);
    assert!(r.projection.is_none() && r.ap.is_none());
    assert!(text(&r).contains("少于2个，不作预测"), "{}", text(&r));
    assert!(text(&r).contains("缺少2020年基数，不计算现状指数 CS"));
}

#[test]
fn cs_not_applicable_when_base_already_met() {
    let r = eval1(
        min("W1", 90.0),
        &values("W1", &[(2020, "95"), (2023, "96")]),
        2023,
    );
    assert!(r.cs.is_none());
    assert!(text(&r).contains("已达到目标，现状指数 CS 不适用"));
}

#[test]
fn volatile_and_regress_warnings() {
    let i = Indicator {
        unit: String::new(),
        ..directional("W2", Direction::Up, "提高")
    };
    let vals = [
        (2020, "50"),
        (2021, "51"),
        (2022, "52.2"),
        (2023, "53"),
        (2024, "63"),
        (2025, "64.1"),
    ];
    let r = eval1(i, &values("W2", &vals), 2025);
    let w: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Volatile)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(
        w[0].reason.starts_with("2024年较上年变化 +10"),
        "{}",
        w[0].reason
    );
    let r = eval1(
        min("W1", 90.0),
        &values("W1", &[(2020, "85"), (2023, "80")]),
        2023,
    );
    assert!(r.warnings.iter().any(|w| w.kind == WarningKind::Regress));
}

#[test]
fn odd_catalogue_limits_do_not_panic() {
    // A negative maximum (catalogue error): every value is rejected as input error, nothing panics.
    let i = Indicator {
        max: Some(-1.0),
        unit: String::new(),
        ..min("W9", 5.0)
    };
    let r = eval1(i, &values("W9", &[(2020, "1"), (2021, "2")]), 2021);
    assert_eq!(r.status, Status::NoData);
    assert_eq!(r.errors.len(), 2);
    // A negative band setting is taken by its size.
    let b = ind("W8", Kind::Balance);
    let mut ds = values("W8", &[(2025, "49")]);
    ds.settings.insert(
        "W8".into(),
        IndicatorSettings {
            band: Some(-2.0),
            ..Default::default()
        },
    );
    assert_eq!(eval1(b, &ds, 2025).band, Some((48.0, 52.0)));
}
