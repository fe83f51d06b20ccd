//! From one plan period to the next, step 3: the carried 上一期 years count in the next period's projection,
//! and the reports quote the carried base value as 上一期终期值. The fixture `fixtures/lishu-2026-2030.toml`
//! (base 2025) is linked to the embedded 2021–2025 catalogue (base 2020) as `lishu catalogue link` does; the
//! previous data 2020–2025 are carried (`carry`), 2026 is entered on top.

use lishu_core::carry::{carry, carried_year};
use lishu_core::catalogue::file::read_catalogue;
use lishu_core::catalogue::link::link_catalogue;
use lishu_core::catalogue::Plan;
use lishu_core::report::{build_report, ReportKind};
use lishu_core::{evaluate, Catalogue, Dataset, YearEntry};

const NEXT: &str = include_str!("fixtures/lishu-2026-2030.toml");
const AT: &str = "2026-12-10T09:00:00+08:00";

fn old() -> &'static Catalogue {
    Catalogue::embedded()
}

/// The next-period catalogue with the proposed links confirmed (review marks removed).
fn linked() -> Catalogue {
    let next = read_catalogue(NEXT.as_bytes()).expect("fixture reads");
    let (mut cat, _) = link_catalogue(&next, old());
    for l in &mut cat.lines {
        for i in &mut l.indicators {
            i.review.clear();
        }
    }
    cat
}

/// 孕产妇系统管理率 (old W1-4-1, new W2-1-1, a % rate: the time-weighted linear trend), per mille of 1000
/// live births, 2020–2025.
const OLD_RATES: [(u16, u32); 6] = [(2020, 850), (2021, 865), (2022, 870), (2023, 882), (2024, 890), (2025, 895)];

fn rate(n: u32) -> YearEntry {
    YearEntry { numerator: n.to_string(), denominator: "1000".into(), ..Default::default() }
}

/// The previous data carried into the next catalogue, with 2026 entered (901 of 1000) when `with_2026`.
fn carried(new: &Catalogue, with_2026: bool) -> Dataset {
    let mut old_ds = Dataset::default();
    for (y, n) in OLD_RATES {
        old_ds.set_entry("W1-4-1", y, rate(n));
    }
    let res = carry(&old_ds, old(), new, AT).expect("carries");
    assert!(res.carried.iter().any(|c| c.indicator == "W2-1-1" && c.years == vec![2020, 2021, 2022, 2023, 2024, 2025]));
    let mut ds = res.dataset;
    if with_2026 {
        ds.set_entry("W2-1-1", 2026, rate(901));
    }
    ds
}

/// Weighted least squares of the points with w(t) = (last − t₀) ÷ (last − t), evaluated at `last`: the
/// projection as the method describes it, computed here on plain years.
fn weighted_trend(pts: &[(u16, f64)], last: u16) -> f64 {
    let t0 = f64::from(pts[0].0);
    let l = f64::from(last);
    let w = |t: f64| (l - t0) / (l - t);
    let sw: f64 = pts.iter().map(|(y, _)| w(f64::from(*y))).sum();
    let tm = pts.iter().map(|(y, _)| w(f64::from(*y)) * f64::from(*y)).sum::<f64>() / sw;
    let vm = pts.iter().map(|(y, v)| w(f64::from(*y)) * v).sum::<f64>() / sw;
    let sxx: f64 = pts.iter().map(|(y, _)| w(f64::from(*y)) * (f64::from(*y) - tm).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|(y, v)| w(f64::from(*y)) * (f64::from(*y) - tm) * (v - vm)).sum();
    vm + sxy / sxx * (l - tm)
}

#[test]
fn the_projection_uses_the_carried_earlier_years() {
    let new = linked();
    assert_eq!((new.period.base, new.period.last), (2025, 2030));
    let ds = carried(&new, true);
    let ev = evaluate(&new, &ds, 2026);
    assert!(ev.errors.is_empty(), "{:?}", ev.errors.iter().map(|e| e.message(&new)).collect::<Vec<_>>());
    let r = ev.results.iter().find(|r| r.id == "W2-1-1").expect("result");
    // Base and latest are the new period's: 2025 (carried) and 2026.
    assert_eq!((r.base, r.latest_year), (Some(89.5), Some(2026)));
    // The trend runs over 2020–2026: every carried year at its own place on the time axis.
    let mut pts: Vec<(u16, f64)> = OLD_RATES.iter().map(|(y, n)| (*y, f64::from(*n) / 10.0)).collect();
    pts.push((2026, 90.1));
    let want = weighted_trend(&pts, 2030);
    let only_new = weighted_trend(&pts[5..], 2030);
    assert!((want - only_new).abs() > 0.3, "the fixture tells the two apart: {want} vs {only_new}");
    let got = r.projection.expect("a projection");
    assert!((got - want).abs() < 1e-9, "projection {got}, the trend over 2020–2026 gives {want}, over 2025–2026 {only_new}");
    // AP is measured from the new base (2025) to the new target.
    let ap = r.ap.expect("AP");
    assert!((ap - (want - 89.5) / (92.0 - 89.5)).abs() < 1e-9, "{ap}");
    // The explanation shows the carried years and their weights, and computes the same figure again.
    let text = r.explanation(&new).join("\n");
    assert!(text.contains("上一期数据（用于预测）：2020年 85%，2021年 86.5%"), "{text}");
    assert!(text.contains("权重 w = (2030 − 2020) ÷ (2030 − t)：2020:1，2021:1.11"), "{text}");
    assert!(!text.contains("重新计算得到"), "{text}");
    // The 上一期 years read like any other year (the entry table and the chart show their values).
    let c = lishu_core::check::check_year(&new, new.indicator("W2-1-1").expect("W2-1-1").indicator, &ds, 2022);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.resolved.and_then(|r| r.value), Some(87.0));
    // The carried years are not judged: the status comes from the new period's years.
    assert!(!r.series.iter().any(|(y, _)| *y < 2025), "{:?}", r.series);
}

#[test]
fn with_only_the_carried_base_year_the_earlier_years_still_give_a_projection() {
    let new = linked();
    let ds = carried(&new, false);
    let r = evaluate(&new, &ds, 2025).results.into_iter().find(|r| r.id == "W2-1-1").expect("result");
    let pts: Vec<(u16, f64)> = OLD_RATES.iter().map(|(y, n)| (*y, f64::from(*n) / 10.0)).collect();
    let got = r.projection.expect("a projection from 2020–2025");
    assert!((got - weighted_trend(&pts, 2030)).abs() < 1e-9, "{got}");
    // Without the link the same 2025 value alone gives none.
    let mut unlinked = new.clone();
    unlinked.previous = None;
    for l in &mut unlinked.lines {
        for i in &mut l.indicators {
            i.previous = None;
        }
    }
    let mut only_base = Dataset::default();
    only_base.set_entry("W2-1-1", 2025, rate(895));
    let r = evaluate(&unlinked, &only_base, 2025).results.into_iter().find(|r| r.id == "W2-1-1").expect("result");
    assert_eq!(r.projection, None);
}

#[test]
fn reports_quote_the_carried_base_value_as_the_previous_final_value() {
    let new = linked();
    let ds = carried(&new, true);
    assert!(carried_year(&ds, "W2-1-1", 2025) && carried_year(&ds, "W2-1-1", 2020));
    assert!(!carried_year(&ds, "W2-1-1", 2026) && !carried_year(&ds, "W2-1-3", 2025));
    let ev = evaluate(&new, &ds, 2026);
    let rep = build_report(&new, &ds, &ev, ReportKind::Annual(2026), Plan::Women, None);
    let row = rep.appendix.iter().find(|r| r.id == "W2-1-1").expect("row");
    assert_eq!(row.base_text, "89.5%（上一期终期值）");
    assert!(row.summary.starts_with("2026年 90.1%（901/1000）（2025年 89.5%，上一期终期值），目标"), "{}", row.summary);

    // A base value the office typed over after the carry is its own, not the previous period's.
    let mut typed = ds.clone();
    typed.set_entry("W2-1-1", 2025, rate(896));
    typed.log.push(lishu_core::review::LogEntry {
        at: "2026-12-11T09:00:00+08:00".into(),
        by: "区妇儿工委办".into(),
        indicator: "W2-1-1".into(),
        year: 2025,
        unit: String::new(),
        how: lishu_core::review::How::Entry,
        before: ds.entry("W2-1-1", 2025).cloned(),
        after: typed.entry("W2-1-1", 2025).cloned(),
    });
    assert!(!carried_year(&typed, "W2-1-1", 2025));
    let ev = evaluate(&new, &typed, 2026);
    let rep = build_report(&new, &typed, &ev, ReportKind::Annual(2026), Plan::Women, None);
    let row = rep.appendix.iter().find(|r| r.id == "W2-1-1").expect("row");
    assert_eq!(row.base_text, "89.6%");
    assert!(!row.summary.contains("上一期"), "{}", row.summary);
}
