//! Small numbers at district scale: counts beside rates, exact Poisson limits, 数据不稳定 at the event
//! threshold, the pooled rate and the status rule when the judgements differ, one-year spikes as 波动较大
//! (judged against Poisson noise for event rates) and the projection that leaves a spike out.

mod eval_common;

use eval_common::*;
use lishu_core::catalogue::{Direction, Entry, Indicator};
use lishu_core::dataset::{Dataset, InputErrorKind, YearEntry};
use lishu_core::eval::poisson::poisson_limits;
use lishu_core::eval::{Basis, Status, WarningKind, SPIKE_FACTOR};
use proptest::prelude::*;

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
        ds.set_entry(
            id,
            *y,
            YearEntry {
                numerator: (*n).into(),
                denominator: (*d).into(),
                ..Default::default()
            },
        );
    }
    ds
}

fn has(r: &Evaluated, kind: WarningKind) -> bool {
    r.warnings.iter().any(|w| w.kind == kind)
}

#[test]
fn the_unstable_flag_is_set_at_19_events_and_not_at_20() {
    // 19 deaths ÷ 140000 births = 13.57/10万 (met); 20 deaths ÷ 140000 = 14.29/10万 (met).
    for (n, unstable) in [("19", true), ("20", false)] {
        let r = eval1(mmr("W1"), &counts("W1", &[(2025, n, "140000")]), 2025);
        let c = r.counts.as_ref().expect("counts of a rate entered as counts");
        assert_eq!(c.unstable, unstable, "{n} events");
        assert_eq!(has(&r, WarningKind::Unstable), unstable, "{n} events: {:?}", r.warnings);
        assert_eq!(c.numerator, n.parse::<f64>().unwrap_or(-1.0));
        assert_eq!(c.denominator, 140000.0);
        let t = text(&r);
        if unstable {
            assert!(t.contains("数据不稳定：2025年孕产妇死亡人数 19 少于最少例数门槛 20"), "{t}");
            let warning = r.warnings.iter().find(|w| w.kind == WarningKind::Unstable).expect("warning");
            // The plain sentence: the count and what it means, no limits or thresholds.
            assert!(warning.reason.contains("只有 19 例") && warning.reason.contains("例数太少"), "{}", warning.reason);
            assert!(!warning.reason.contains("置信区间"), "{}", warning.reason);
            let w = &warning.working;
            assert!(w.contains("2025年孕产妇死亡人数 19（活产数 140000）"), "{w}");
            assert!(w.contains("95%置信区间"), "{w}");
        } else {
            assert!(t.contains("2025年孕产妇死亡人数 20 不少于 20，单年比率可靠"), "{t}");
        }
    }
}

#[test]
fn the_threshold_is_the_catalogues_default() {
    let i = mmr("W1");
    let mut cat = catalogue(vec![i]);
    cat.defaults.min_events = 5.0;
    let ds = counts("W1", &[(2025, "6", "60000")]);
    let ev = lishu_core::eval::evaluate(&cat, &ds, 2025);
    let r = ev.result("W1").expect("result");
    assert!(!r.counts.as_ref().expect("counts").unstable, "6 events ≥ a threshold of 5");
    cat.defaults.min_events = 7.0;
    let ev = lishu_core::eval::evaluate(&cat, &ds, 2025);
    assert!(ev.result("W1").and_then(|r| r.counts.as_ref()).expect("counts").unstable);
}

#[test]
fn exact_limits_are_the_garwood_limits_scaled_by_the_denominator() {
    // 1 death in 1850 births: the count's limits 0.0253–5.5716 ÷ 1850 × 100000 = 1.37–301.17/10万 (printed 1.4–301.2).
    let r = eval1(mmr("W1"), &counts("W1", &[(2025, "1", "1850")]), 2025);
    let (lo, hi) = r.counts.as_ref().and_then(|c| c.ci).expect("limits");
    assert!((lo - 0.025_318 / 1850.0 * 1e5).abs() < 1e-3, "{lo}");
    assert!((hi - 5.571_643 / 1850.0 * 1e5).abs() < 1e-2, "{hi}");
    let t = text(&r);
    assert!(t.contains("95%置信区间（精确泊松法）：2025年孕产妇死亡人数 1 的下限 0.0253、上限 5.5716，÷ 活产数 1850 × 100000 = 1.4–301.2/10万"), "{t}");
    // 0 events: the lower limit is 0 and the upper 3.6889 ÷ 1850 × 100000 = 199.4/10万.
    let r = eval1(mmr("W1"), &counts("W1", &[(2025, "0", "1850")]), 2025);
    let (lo, hi) = r.counts.as_ref().and_then(|c| c.ci).expect("limits");
    assert_eq!(lo, 0.0);
    assert!((hi - poisson_limits(0.0).1 / 1850.0 * 1e5).abs() < 1e-9);
    assert!((hi - 199.4).abs() < 0.05, "{hi}");
}

#[test]
fn a_shares_upper_limit_stays_within_100_percent() {
    // 艾滋病母婴传播: 0 of 3 children; the count's upper limit 3.69 ÷ 3 × 100 would be 123 %.
    let i = Indicator {
        entry: Entry::Rate,
        scale: Some(100.0),
        events: Some(true),
        ..max("W2", 3.0, "%")
    };
    let r = eval1(i, &counts("W2", &[(2025, "0", "3")]), 2025);
    assert_eq!(r.counts.as_ref().and_then(|c| c.ci), Some((0.0, 100.0)));
}

#[test]
fn coverage_shares_are_not_event_rates() {
    // A % rate without `events`: counts are kept (shown beside the rate), no limits, no flag, no pooling.
    let i = Indicator {
        entry: Entry::Rate,
        scale: Some(100.0),
        ..min("W3", 90.0)
    };
    let r = eval1(i, &counts("W3", &[(2024, "9", "10"), (2025, "10", "11")]), 2025);
    let c = r.counts.as_ref().expect("counts");
    assert!(!c.events && !c.unstable && c.ci.is_none() && c.pooled.is_none());
    assert_eq!(c.ratio_text(), "10/11");
    assert!(!has(&r, WarningKind::Unstable));
    assert!(!text(&r).contains("置信区间"));
}

#[test]
fn pooled_rate_arithmetic_over_the_last_three_years_with_data() {
    // 2021 is outside the last three years with data (2023, 2024, 2025; 2022 not entered).
    let ds = counts(
        "W1",
        &[(2021, "5", "2000"), (2023, "1", "1800"), (2024, "0", "1900"), (2025, "2", "2000")],
    );
    let r = eval1(mmr("W1"), &ds, 2025);
    let p = r.counts.as_ref().and_then(|c| c.pooled.as_ref()).expect("pooled");
    assert_eq!(p.years, vec![2023, 2024, 2025]);
    assert_eq!((p.numerator, p.denominator), (3.0, 5700.0));
    assert!((p.rate - 3.0 / 5700.0 * 1e5).abs() < 1e-9);
    let (klo, khi) = poisson_limits(3.0);
    assert!((p.ci.0 - klo / 5700.0 * 1e5).abs() < 1e-9 && (p.ci.1 - khi / 5700.0 * 1e5).abs() < 1e-9);
    let t = text(&r);
    assert!(t.contains("2023–2025年合并率：Σ孕产妇死亡人数 3 ÷ Σ活产数 5700 × 100000 = 52.6316/10万"), "{t}");
}

#[test]
fn a_year_entered_directly_is_left_out_of_the_pool() {
    let mut ds = counts("W1", &[(2023, "1", "1800"), (2025, "0", "2000")]);
    ds.set_entry("W1", 2024, YearEntry { value: "10".into(), ..Default::default() });
    let r = eval1(mmr("W1"), &ds, 2025);
    let p = r.counts.as_ref().and_then(|c| c.pooled.as_ref()).expect("pooled from two counted years");
    assert_eq!(p.years, vec![2023, 2025]);
    // Only one counted year among the last three: no pooled rate, and the explanation says why.
    let mut ds = counts("W1", &[(2025, "0", "2000")]);
    ds.set_entry("W1", 2024, YearEntry { value: "10".into(), ..Default::default() });
    ds.set_entry("W1", 2023, YearEntry { value: "12".into(), ..Default::default() });
    let r = eval1(mmr("W1"), &ds, 2025);
    let c = r.counts.as_ref().expect("counts");
    assert!(c.pooled.is_none() && c.unstable);
    assert_eq!(c.basis, Basis::SingleYear);
    assert!(text(&r).contains("无法计算合并率"), "{}", text(&r));
}

#[test]
fn when_the_latest_year_is_unstable_the_status_follows_the_pooled_rate() {
    // 2025: 0 deaths (single year: met, 已达标); 2023–2025 pooled 3 ÷ 5700 = 52.6/10万 (not met).
    let ds = counts("W1", &[(2023, "1", "1800"), (2024, "2", "1900"), (2025, "0", "2000")]);
    let r = eval1(mmr("W1"), &ds, 2025);
    let c = r.counts.as_ref().expect("counts");
    assert!(c.unstable);
    assert_eq!(c.basis, Basis::Pooled);
    assert_eq!(c.pooled.as_ref().map(|p| p.status), Some(Status::Gap));
    assert_eq!(r.status, Status::Gap, "the pooled judgement decides");
    let t = text(&r);
    assert!(t.contains("单年判断：已达标"), "{t}");
    assert!(t.contains("第二判断：以合并率代替2025年数值按同一规则判断 → 尚存差距"), "{t}");
    assert!(t.contains("判断依据：2025年孕产妇死亡人数 0 少于最少例数门槛 20，以合并率的判断为准"), "{t}");
    assert!(t.ends_with("结论：尚存差距") || t.contains("\n结论：尚存差距"), "{t}");
    let w = &r.warnings.iter().find(|w| w.kind == WarningKind::Unstable).expect("warning").working;
    assert!(w.contains("单年判断为“已达标”") && w.contains("判断为“尚存差距”"), "{w}");
    // The other way round: one death in 2025 among 1000 births (100/10万, not met), none in 2023–2024
    // among 12000 a year: pooled 1 ÷ 25000 = 4/10万 is met and decides.
    let ds = counts("W1", &[(2023, "0", "12000"), (2024, "0", "12000"), (2025, "1", "1000")]);
    let r = eval1(mmr("W1"), &ds, 2025);
    assert_eq!(r.counts.as_ref().and_then(|c| c.pooled.as_ref()).map(|p| p.status), Some(Status::Achieved));
    assert_eq!(r.status, Status::Achieved);
}

#[test]
fn with_enough_events_the_single_year_stands() {
    // 2025: 28 deaths ÷ 200000 = 14/10万 (met); pooled with two bad years is not met, for reference only.
    let ds = counts("W1", &[(2023, "60", "200000"), (2024, "60", "200000"), (2025, "28", "200000")]);
    let r = eval1(mmr("W1"), &ds, 2025);
    let c = r.counts.as_ref().expect("counts");
    assert!(!c.unstable);
    assert_eq!(c.basis, Basis::SingleYear);
    assert_eq!(c.pooled.as_ref().map(|p| p.status), Some(Status::Gap));
    assert_eq!(r.status, Status::Achieved);
    assert!(text(&r).contains("（供参考：单年比率可靠，以单年判断为准）"), "{}", text(&r));
}

#[test]
fn directional_event_rates_use_the_same_rule() {
    // 溺水死亡率 下降: 2020 base 3 ÷ 60000 = 5/10万; 2025 0 deaths, pooled 2023–2025 = 4 ÷ 180000 = 2.2.
    let i = Indicator {
        entry: Entry::Rate,
        scale: Some(100_000.0),
        unit: "/10万".into(),
        ..directional("C1", Direction::Down, "儿童溺水死亡率下降")
    };
    let ds = counts(
        "C1",
        &[(2020, "3", "60000"), (2023, "2", "60000"), (2024, "2", "60000"), (2025, "0", "60000")],
    );
    let r = eval1(i.clone(), &ds, 2025);
    let c = r.counts.as_ref().expect("counts");
    assert_eq!(c.basis, Basis::Pooled);
    assert_eq!(r.status, Status::Achieved, "{}", text(&r));
    // Pooled 2023–2025 8 ÷ 180000 above the base 1 ÷ 60000, but within chance (P ≈ 0.6): no 退步.
    let ds = counts(
        "C1",
        &[(2020, "1", "60000"), (2023, "4", "60000"), (2024, "4", "60000"), (2025, "0", "60000")],
    );
    let r = eval1(i.clone(), &ds, 2025);
    assert_eq!(r.status, Status::Gap, "{}", text(&r));
    // Pooled 60 ÷ 180000 against 1 ÷ 60000: beyond chance, the pooled judgement is 退步 and decides.
    let ds = counts(
        "C1",
        &[(2020, "1", "60000"), (2023, "30", "60000"), (2024, "30", "60000"), (2025, "0", "60000")],
    );
    let r = eval1(i, &ds, 2025);
    assert_eq!(r.status, Status::Regress, "{}", text(&r));
}

#[test]
fn bad_counts_keep_their_clear_errors() {
    for (n, d, want) in [
        ("1", "0", "分母"),
        ("-1", "2000", "负"),
        ("300000", "200000", "超出上限"),
    ] {
        let r = eval1(mmr("W1"), &counts("W1", &[(2025, n, d)]), 2025);
        assert_eq!(r.status, Status::NoData, "{n}/{d}");
        assert!(r.counts.is_none());
        assert!(!r.errors.is_empty(), "{n}/{d}");
        let t = text(&r);
        assert!(t.contains(want), "{n}/{d}: {t}");
    }
    // A share counted as events: more events than the denominator is named as such.
    let i = Indicator { entry: Entry::Rate, scale: Some(100.0), events: Some(true), ..max("W2", 3.0, "%") };
    let r = eval1(i, &counts("W2", &[(2025, "5", "3")]), 2025);
    assert_eq!(r.status, Status::NoData);
    assert!(matches!(r.errors[0].kind, InputErrorKind::NumeratorAboveDenominator { .. }), "{:?}", r.errors);
    assert!(text(&r).contains("大于分母"), "{}", text(&r));
}

// ---------- spikes ----------

/// A count-like indicator without an upper limit (any positive value is valid).
fn people() -> Indicator {
    Indicator { unit: "人".into(), ..min("W1", 1e9) }
}

fn values_of(id: &str, vals: &[(u16, f64)]) -> Dataset {
    let mut ds = Dataset::default();
    for (y, v) in vals {
        ds.set_entry(id, *y, YearEntry { value: format!("{v}"), ..Default::default() });
    }
    ds
}

fn spike_reasons(r: &Evaluated) -> Vec<String> {
    r.warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Volatile)
        .map(|w| w.working.clone())
        .collect()
}

#[test]
fn a_spike_that_returns_is_volatile_and_left_out_of_the_projection() {
    // 60, 62, 64, 80, 68 (2020–2024): 2023 is 14 above the line through the others and 2024 falls back.
    let i = Indicator { unit: "人".into(), ..min("W1", 90.0) };
    let vals = [(2020, 60.0), (2021, 62.0), (2022, 64.0), (2023, 80.0), (2024, 68.0)];
    let r = eval1(i.clone(), &values_of("W1", &vals), 2024);
    let reasons = spike_reasons(&r);
    assert_eq!(reasons.len(), 1, "one warning for the spike, not one per change: {reasons:?}");
    assert!(reasons[0].starts_with("一年突变：2023年 80 偏离其余年份的最小二乘趋势线（拟合值 66）+14"), "{reasons:?}");
    let plain = &r.warnings.iter().find(|w| w.kind == WarningKind::Volatile).expect("warning").reason;
    assert_eq!(plain, "2023年的数值比前后两年都明显偏高，像是一年的突变，请核实该年填报");
    assert_eq!(r.spikes, vec![2023]);
    // The projection is that of the series without 2023, and names the method.
    let without: Vec<(u16, f64)> = vals.iter().copied().filter(|p| p.0 != 2023).collect();
    let r2 = eval1(i, &values_of("W1", &without), 2024);
    assert_eq!(r.projection, r2.projection);
    assert!(r.projection_method.contains("剔除异常年份2023年"), "{}", r.projection_method);
    assert!(r2.projection_method.is_empty() || !r2.projection_method.contains("剔除"));
}

#[test]
fn chance_explains_a_small_count_spike() {
    // 0, 0, 2, 0, 0, 0 deaths in 2000 births a year: 2 vs 0 in 10000 (P = 0.056) is chance.
    let rows: Vec<(u16, &str, &str)> =
        [(2020, "0"), (2021, "0"), (2022, "2"), (2023, "0"), (2024, "0"), (2025, "0")]
            .iter()
            .map(|(y, n)| (*y, *n, "2000"))
            .collect();
    let r = eval1(mmr("W1"), &counts("W1", &rows), 2025);
    assert!(spike_reasons(&r).is_empty(), "{:?}", r.warnings);
    assert!(text(&r).contains("2022年的偏离可由偶然波动解释"), "{}", text(&r));
    // 200 deaths in 2022 against about 100 in each other year: far beyond chance.
    let rows: Vec<(u16, &str, &str)> =
        [(2020, "100"), (2021, "101"), (2022, "200"), (2023, "99"), (2024, "100"), (2025, "98")]
            .iter()
            .map(|(y, n)| (*y, *n, "700000"))
            .collect();
    let r = eval1(mmr("W1"), &counts("W1", &rows), 2025);
    let reasons = spike_reasons(&r);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].starts_with("一年突变：2022年") && reasons[0].contains("精确检验 P < 0.0001，小于 0.05"), "{reasons:?}");
}

proptest! {
    /// A one-year spike of k × the typical change on a straight line is flagged, naming the year, for every
    /// k above SPIKE_FACTOR.
    #[test]
    fn a_spike_above_the_threshold_is_flagged(
        level in 10.0f64..1000.0,
        rel in 0.02f64..0.2,
        rising in any::<bool>(),
        peak in any::<bool>(),
        at in 1usize..5,
        k in (SPIKE_FACTOR + 0.1)..30.0,
    ) {
        let s = if rising { rel * level } else { -rel * level };
        // Offset so that every value (a dip included) stays positive.
        let offset = level + (k + 6.0) * s.abs();
        let mut vals: Vec<(u16, f64)> = (0..6).map(|t| (2020 + t as u16, offset + s * t as f64)).collect();
        vals[at].1 += if peak { k * s.abs() } else { -k * s.abs() };
        let r = eval1(people(), &values_of("W1", &vals), 2025);
        let year = 2020 + at as u16;
        let reasons = spike_reasons(&r);
        prop_assert!(reasons.iter().any(|w| w.starts_with(&format!("一年突变：{year}年")) && w.contains("趋势线")), "{vals:?}: {reasons:?}");
        prop_assert_eq!(r.spikes.clone(), vec![year]);
    }

    /// A smooth trend (any quadratic over the years) is never 波动较大.
    #[test]
    fn a_smooth_trend_is_never_volatile(
        a in 1000.0f64..2000.0,
        b in -50.0f64..50.0,
        c in -5.0f64..5.0,
        n in 3usize..7,
    ) {
        let vals: Vec<(u16, f64)> = (0..n).map(|t| {
            let t = t as f64;
            (2020 + t as u16, a + b * t + c * t * t)
        }).collect();
        let r = eval1(people(), &values_of("W1", &vals), 2025);
        prop_assert!(spike_reasons(&r).is_empty(), "{vals:?}: {:?}", r.warnings);
        prop_assert!(r.spikes.is_empty());
    }
}

/// The demo counts event rates over a district's population, so the demo itself shows small counts:
/// some event rate is 数据不稳定 and judged on its pooled rate, and every event rate carries its counts.
#[test]
fn the_demo_shows_small_counts_as_a_district_has_them() {
    let cat = lishu_core::catalogue::Catalogue::embedded();
    let ds = lishu_core::demo::demo_dataset(cat);
    let ev = lishu_core::eval::evaluate(cat, &ds, cat.period.last);
    let mut unstable = 0;
    let mut pooled = 0;
    for r in cat.indicators().into_iter().filter(|r| r.indicator.counts_events()) {
        let Some(res) = ev.results.iter().find(|x| x.id == r.indicator.id) else { continue };
        let Some(c) = &res.counts else { continue };
        assert!(c.denominator < 50_000.0, "{}: denominator {} is not a district's", res.id, c.denominator);
        if res.warnings.iter().any(|w| w.kind == WarningKind::Unstable) {
            unstable += 1;
        }
        if c.basis == Basis::Pooled {
            pooled += 1;
        }
    }
    assert!(unstable >= 3, "only {unstable} demo event rates are 数据不稳定");
    assert!(pooled >= 1, "no demo event rate is judged on its pooled rate");
}
