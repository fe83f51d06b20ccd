//! Property tests: monotonicity of the status in the latest value, robustness to arbitrary text.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Entry, Indicator, Kind, Op, Stage};
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::eval::{evaluate, Status};
use proptest::prelude::*;

fn series_strategy() -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(prop::option::of(0.0f64..100.0), 5)
}

/// Earlier values for 2020.. (before `year`) and the latest value in `year`.
fn dataset_at(id: &str, earlier: &[Option<f64>], latest: f64, year: u16) -> Dataset {
    let mut ds = Dataset::default();
    for (k, v) in earlier.iter().enumerate().take((year - 2020) as usize) {
        if let Some(v) = v {
            ds.set_entry(
                id,
                2020 + k as u16,
                YearEntry {
                    value: format!("{v}"),
                    ..Default::default()
                },
            );
        }
    }
    ds.set_entry(
        id,
        year,
        YearEntry {
            value: format!("{latest}"),
            ..Default::default()
        },
    );
    ds
}

fn dataset(id: &str, earlier: &[Option<f64>], latest: f64) -> Dataset {
    dataset_at(id, earlier, latest, 2025)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Raising the latest value of a "higher is better" indicator never worsens its status.
    #[test]
    fn improving_latest_never_worsens_min(earlier in series_strategy(), a in 0.0f64..100.0, b in 0.0f64..100.0,
                                          target in 1.0f64..100.0, every in any::<bool>(), year in 2021u16..=2025) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let i = Indicator { every_year: every, ..min("W1", target) };
        let s_lo = eval1(i.clone(), &dataset_at("W1", &earlier, lo, year), year).status;
        let s_hi = eval1(i, &dataset_at("W1", &earlier, hi, year), year).status;
        prop_assert!(rank(s_hi) <= rank(s_lo), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
    }

    /// Lowering the latest value of a "lower is better" indicator never worsens its status.
    #[test]
    fn improving_latest_never_worsens_max(earlier in series_strategy(), a in 0.0f64..100.0, b in 0.0f64..100.0,
                                          target in 1.0f64..100.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let i = max("W1", target, "%");
        let s_lo = eval1(i.clone(), &dataset("W1", &earlier, lo), 2025).status;
        let s_hi = eval1(i, &dataset("W1", &earlier, hi), 2025).status;
        prop_assert!(rank(s_lo) <= rank(s_hi), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
    }

    /// Same for directional 提高 (with and without 逐步 wording) and 保持稳定并有所提高.
    #[test]
    fn improving_latest_never_worsens_directional(earlier in series_strategy(), a in 0.0f64..100.0, b in 0.0f64..100.0,
                                                  which in 0usize..3) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let i = match which {
            0 => directional("W1", Direction::Up, "提高"),
            1 => directional("W1", Direction::Up, "逐步提高"),
            _ => directional("W1", Direction::HoldUp, "保持稳定并有所提高"),
        };
        let s_lo = eval1(i.clone(), &dataset("W1", &earlier, lo), 2025).status;
        let s_hi = eval1(i, &dataset("W1", &earlier, hi), 2025).status;
        prop_assert!(rank(s_hi) <= rank(s_lo), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
    }

    /// Arbitrary text in any field of any kind never panics; every bad entry is reported, and the roll-up
    /// arithmetic holds.
    #[test]
    fn arbitrary_entries_never_panic(texts in prop::collection::vec(".{0,12}", 8), year in 1990u16..2100,
                                     stage in prop::option::of(0usize..4), nums in prop::collection::vec("[0-9.,%‰ -]{0,8}", 6)) {
        let inds = vec![
            Indicator { entry: Entry::Rate, scale: Some(100_000.0), ..max("W1", 14.5, "/10万") },
            Indicator { entry: Entry::FemaleMale, ..ind("W2", Kind::Balance) },
            Indicator { entry: Entry::PerBody, value: Some(1.0), bodies: vec!["甲".into(), "乙".into()], ..ind("W3", Kind::CountPerBody) },
            Indicator { op: Some(Op::Ge), ..ind("W4", Kind::Relational) },
            Indicator { value: Some(-15.0), ..ind("C1", Kind::Relative) },
            directional("C2", Direction::SlowRise, "上升趋势减缓"),
            Indicator { entry: Entry::Milestone, ..ind("C3", Kind::Milestone) },
            Indicator { value: Some(40.0), ..ind("C4", Kind::Approx) },
        ];
        let ids: Vec<String> = inds.iter().map(|i| i.id.clone()).collect();
        let cat = catalogue(inds);
        let mut ds = Dataset::default();
        for (k, id) in ids.iter().enumerate() {
            for y in 2020u16..=2025 {
                let t = |j: usize| if (k + j + y as usize).is_multiple_of(2) { texts[(k + j) % texts.len()].clone() } else { nums[(k + j + y as usize) % nums.len()].clone() };
                let e = YearEntry {
                    value: t(0), numerator: t(1), denominator: t(2), female: t(3), male: t(4), other: t(5),
                    bodies: [("甲".to_string(), t(6)), ("乙".to_string(), t(7))].into_iter().collect(),
                    stage: stage.map(|s| Stage::ALL[s]),
                    ..Default::default()
                };
                ds.data.entry(id.clone()).or_default().insert(y, e);
            }
        }
        ds.data.entry("无此指标".into()).or_default().insert(year, YearEntry { value: texts[0].clone(), ..Default::default() });
        let ev = evaluate(&cat, &ds, year);
        prop_assert_eq!(ev.results.len(), 8);
        prop_assert!(ev.errors.iter().any(|e| e.indicator == "无此指标" && e.year == year));
        for r in &ev.results {
            // The explanation is rendered from the result alone and agrees with its status.
            let lines = r.explanation(&cat);
            prop_assert!(lines.first().is_some_and(|l| l.starts_with("指标：") && l.contains(&r.id)), "{:?}", lines);
            let verdict = format!("结论：{}", r.status.label());
            prop_assert_eq!(lines.iter().filter(|l| l.starts_with(&verdict)).count(), 1, "{:?}", lines);
            prop_assert!(!lines.iter().any(|l| l.starts_with("注意：")), "{:?}", lines);
            // A year with input errors counts as missing.
            for (y, v) in &r.series {
                if r.errors.iter().any(|e| e.year == *y) { prop_assert!(v.is_none()); }
            }
        }
        let o = &ev.overall;
        prop_assert_eq!(o.counts.iter().map(|c| c.1).sum::<usize>(), o.total);
        prop_assert_eq!(o.monitorable + o.no_data, o.total);
        prop_assert!(o.achieved <= o.monitorable);
        let by_status = ev.results.iter().filter(|r| r.status.is_achieved()).count();
        prop_assert_eq!(by_status, o.achieved);
        prop_assert!(ev.results.iter().all(|r| r.status != Status::NoData || r.cs.is_none()));
    }
}
