//! Roll-up arithmetic: 达标率 = (提前实现 + 已达标) ÷ (total − 无数据), 基本实现 separate.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::Plan;
use lishu_core::dataset::IndicatorSettings;
use lishu_core::eval::{evaluate, Rollup, Status, NO_UNIT};

fn count(r: &Rollup, s: Status) -> usize {
    r.counts
        .iter()
        .find(|c| c.0 == s)
        .map(|c| c.1)
        .unwrap_or(usize::MAX)
}

#[test]
fn rates_by_plan_domain_goal_unit_and_overall() {
    let cat = catalogue(vec![
        min("W1", 90.0), // 已达标
        min("W2", 90.0), // 基本实现
        min("W3", 90.0), // 尚存差距
        min("W4", 90.0), // 无数据
        min("C1", 90.0), // 已达标
        min("C2", 90.0), // 退步
    ]);
    let mut ds = values("W1", &[(2020, "80"), (2025, "95")]);
    add_values(&mut ds, "W2", &[(2020, "80"), (2025, "89.5")]);
    add_values(&mut ds, "W3", &[(2020, "80"), (2025, "85")]);
    add_values(&mut ds, "C1", &[(2020, "80"), (2025, "91")]);
    add_values(&mut ds, "C2", &[(2020, "80"), (2025, "70")]);
    ds.settings.insert(
        "C1".into(),
        IndicatorSettings {
            lead_unit: Some("区卫健局".into()),
            ..Default::default()
        },
    );
    ds.settings.insert(
        "C2".into(),
        IndicatorSettings {
            lead_unit: Some(String::new()),
            ..Default::default()
        },
    );
    let ev = evaluate(&cat, &ds, 2025);
    let st: Vec<Status> = ev.results.iter().map(|r| r.status).collect();
    assert_eq!(
        st,
        vec![
            Status::Achieved,
            Status::Basic,
            Status::Gap,
            Status::NoData,
            Status::Achieved,
            Status::Regress
        ]
    );

    let o = &ev.overall;
    assert_eq!(
        (
            o.key.as_str(),
            o.total,
            o.monitorable,
            o.achieved,
            o.no_data
        ),
        ("all", 6, 5, 2, 1)
    );
    assert_eq!(o.rate, Some(2.0 / 5.0));
    assert_eq!(count(o, Status::Basic), 1);
    assert_eq!(count(o, Status::Regress), 1);
    assert_eq!(o.counts.iter().map(|c| c.1).sum::<usize>(), 6);

    let w = ev.plan_rollup(Plan::Women).expect("women");
    assert_eq!(
        (w.total, w.monitorable, w.achieved, w.no_data),
        (4, 3, 1, 1)
    );
    assert_eq!(w.rate, Some(1.0 / 3.0));
    let c = ev.plan_rollup(Plan::Children).expect("children");
    assert_eq!((c.total, c.monitorable, c.achieved), (2, 2, 1));
    assert_eq!(c.rate, Some(0.5));

    assert_eq!(ev.by_domain.len(), 2);
    assert_eq!(ev.by_domain[0].key, "W1");
    assert_eq!(ev.by_domain[0].total, 4);
    assert_eq!(ev.by_goal[1].key, "C1-1");
    assert_eq!(ev.by_goal[1].achieved, 1);

    let unit = |k: &str| ev.by_unit.iter().find(|u| u.key == k).cloned();
    let stats = unit("区统计局").expect("区统计局");
    assert_eq!((stats.total, stats.achieved, stats.monitorable), (4, 1, 3));
    assert_eq!(
        unit("区卫健局").map(|u| (u.total, u.rate)),
        Some((1, Some(1.0)))
    );
    assert_eq!(unit(NO_UNIT).map(|u| u.total), Some(1));
    assert_eq!(ev.by_unit.iter().map(|u| u.total).sum::<usize>(), 6);

    // Warnings are listed in catalogue order with the indicator id.
    assert!(ev
        .warnings
        .iter()
        .any(|(id, w)| id == "C2" && w.kind == lishu_core::eval::WarningKind::Regress));
}

#[test]
fn nothing_monitorable_has_no_rate() {
    let cat = catalogue(vec![min("W1", 90.0)]);
    let ev = evaluate(&cat, &Default::default(), 2023);
    assert_eq!(ev.overall.rate, None);
    assert_eq!(ev.overall.no_data, 1);
    assert_eq!(ev.plan_rollup(Plan::Children).map(|r| r.total), Some(0));
}

#[test]
fn results_follow_catalogue_indicators_order() {
    let cat = lishu_core::Catalogue::embedded();
    let ev = evaluate(cat, &Default::default(), 2025);
    let ids: Vec<&str> = cat
        .indicators()
        .iter()
        .map(|r| r.indicator.id.as_str())
        .collect();
    let got: Vec<&str> = ev.results.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got, ids);
    assert_eq!(ev.overall.no_data, ids.len());
}
