//! 演示数据: a plausible, deterministic dataset for every indicator of a catalogue (its base year to its last
//! plan year), used by the
//! app as demo data, by the benchmark and by the golden evaluation test. Values are derived from each
//! indicator's own target so that the demo shows every status: most indicators are met, some within the
//! 基本实现 tolerance, some short, some regressing, a few without data or with gaps, one volatile series.
//! The scenario of an indicator depends only on its id (FNV-1a hash), so the data are stable. Each year is
//! placed on the scale of a five-year period (`i` = 0 for the base year … 5 for the last plan year), so a
//! period of any length follows the same paths.

use crate::catalogue::{
    fmt_num, Catalogue, Defaults, Direction, Entry, Indicator, Kind, Op, Stage,
};
use crate::dataset::{round2, Dataset, YearEntry};
use std::collections::BTreeMap;

/// Demo scenario of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Met,
    Basic,
    Gap,
    Regress,
    /// No data at all.
    Missing,
    /// Met, but some middle years are not entered.
    Sparse,
    /// Met, with one outlying year-on-year jump.
    Volatile,
}

/// FNV-1a hash of an id (stable across platforms and releases).
fn hash(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The demo scenario of an indicator id.
pub fn scenario(id: &str) -> Scenario {
    match hash(id) % 20 {
        0..=9 => Scenario::Met,
        10 | 11 => Scenario::Basic,
        12..=14 => Scenario::Gap,
        15 | 16 => Scenario::Regress,
        17 => Scenario::Missing,
        18 => Scenario::Sparse,
        _ => Scenario::Volatile,
    }
}

/// The full demo dataset, base year to last plan year.
pub fn demo_dataset(cat: &Catalogue) -> Dataset {
    demo_dataset_until(cat, cat.period.last)
}

/// The demo dataset with data for base..=last (e.g. the year before the last plan year for a "current"
/// monitoring year).
pub fn demo_dataset_until(cat: &Catalogue, last: u16) -> Dataset {
    let period = cat.period;
    let span = f64::from(period.span());
    let mut ds = Dataset {
        demo: true,
        ..Default::default()
    };
    for r in cat.indicators() {
        let ind = r.indicator;
        let sc = scenario(&ind.id);
        if sc == Scenario::Missing {
            continue;
        }
        let h = hash(&ind.id);
        let mut years = BTreeMap::new();
        for (k, y) in period.years().enumerate() {
            // The year on the five-year scale: 0 (base year) … 5 (last plan year).
            let i = k as f64 * STEPS / span;
            // Sparse: the middle years (2 and 3 of a five-year period) are not entered.
            let middle = (1.5..3.5).contains(&i);
            if y > last || (sc == Scenario::Sparse && middle) {
                continue;
            }
            let mut e = entry(ind, sc, h, i, y, &cat.defaults);
            e.unit = ind.lead_unit.clone();
            e.source = "演示数据".to_string();
            years.insert(y, e);
        }
        if !years.is_empty() {
            ds.data.insert(ind.id.clone(), years);
        }
    }
    ds
}

/// Steps of the demo's year scale: a year sits at a position 0 (base year) ..= STEPS (last plan year).
const STEPS: f64 = 5.0;
/// Paths given year by year have one point per whole position 0..=STEPS.
const POINTS: usize = STEPS as usize + 1;

/// Linear path from `a` (base year) to `b` (last plan year) at position i (0..=STEPS).
fn lerp(a: f64, b: f64, i: f64) -> f64 {
    a + (b - a) * i / STEPS
}

fn typical_base(ind: &Indicator, h: u64) -> f64 {
    let jitter = (h % 10) as f64;
    match ind.unit.as_str() {
        "%" => 40.0 + jitter * 3.0,
        "‰" => 6.0 + jitter * 0.3,
        "/10万" => 20.0 + jitter,
        "岁" => 76.0 + jitter * 0.2,
        "年" => 9.0 + jitter * 0.1,
        _ => 100.0 + jitter * 10.0,
    }
}

/// The value of year index i for a threshold target `t` (higher is better when `up`).
fn threshold_value(t: f64, up: bool, every_year: bool, tol: f64, sc: Scenario, i: f64) -> f64 {
    let s = if up { 1.0 } else { -1.0 };
    let m = |k: f64| t * (1.0 + s * k);
    match sc {
        Scenario::Met | Scenario::Sparse if every_year => lerp(m(0.004), m(0.012), i),
        Scenario::Met | Scenario::Sparse => lerp(m(-0.08), m(0.06), i),
        Scenario::Volatile => {
            let v = lerp(m(-0.10), m(0.02), i);
            if i >= 2.5 {
                v + s * t.abs() * 0.06
            } else {
                v
            }
        }
        Scenario::Basic => lerp(m(-0.08), m(-tol / 2.0), i),
        Scenario::Gap => lerp(m(-0.15), m(-0.06), i),
        Scenario::Regress | Scenario::Missing => lerp(m(-0.04), m(-0.12), i),
    }
}

fn value_of(
    ind: &Indicator,
    sc: Scenario,
    h: u64,
    i: f64,
    tol: f64,
    approx_band: f64,
) -> Option<f64> {
    let v = match ind.kind {
        Kind::Min | Kind::Max => {
            let t = ind.value?;
            let up = match ind.op {
                Some(Op::Ge | Op::Gt) => true,
                Some(Op::Le | Op::Lt) => false,
                _ => ind.kind == Kind::Min,
            };
            threshold_value(t, up, ind.every_year, tol, sc, i)
        }
        Kind::Approx => {
            let t = ind.value?;
            let b = ind.band.unwrap_or(approx_band);
            match sc {
                Scenario::Met | Scenario::Sparse => t - b * 0.5 + b * 0.1 * i,
                Scenario::Volatile => t - b * 0.5 + if i >= 2.5 { b * 0.9 } else { 0.0 },
                Scenario::Basic => lerp(t - 3.0 * b, t - b - tol * (t - b).abs() * 0.5, i),
                Scenario::Gap => lerp(t - 4.0 * b, t - 2.5 * b, i),
                Scenario::Regress | Scenario::Missing => lerp(t + 1.5 * b, t + 3.0 * b, i),
            }
        }
        Kind::Relative => {
            let c = ind.value?;
            let base = typical_base(ind, h);
            let t = base * (1.0 + c / 100.0);
            let up = c >= 0.0;
            let s = if up { 1.0 } else { -1.0 };
            let end = match sc {
                Scenario::Met | Scenario::Sparse | Scenario::Volatile => t * (1.0 + s * 0.03),
                Scenario::Basic => t * (1.0 - s * tol / 2.0),
                Scenario::Gap => (base + t) / 2.0,
                Scenario::Regress | Scenario::Missing => base * (1.0 - s * 0.05),
            };
            lerp(base, end, i)
        }
        Kind::Points => {
            // 比基数年提高/降低 c 个百分点: a path from the base to base + c (met), short of it, or back.
            let c = ind.value?;
            let base = typical_base(ind, h);
            let end = match sc {
                Scenario::Met | Scenario::Sparse | Scenario::Volatile => base + c * 1.2,
                Scenario::Basic => base + c - (base + c).abs() * tol / 2.0 * c.signum(),
                Scenario::Gap => base + c * 0.5,
                Scenario::Regress | Scenario::Missing => base - c * 0.5,
            };
            lerp(base, end, i)
        }
        Kind::PointsPerYear => {
            // 每年提高/降低 c 个百分点: yearly steps of 1.2c (met), one short step at position 2 (基本实现), half
            // steps (gap), or steps against the direction.
            let c = ind.value?;
            let base = typical_base(ind, h);
            let k = step_index(i) as f64;
            match sc {
                Scenario::Met | Scenario::Sparse | Scenario::Volatile => base + c * 1.2 * k,
                Scenario::Basic => base + c * (1.3 * k - if k >= 2.0 { 0.8 } else { 0.0 }),
                Scenario::Gap => base + c * 0.5 * k,
                Scenario::Regress | Scenario::Missing => base - c * 0.3 * k,
            }
        }
        Kind::Balance => match sc {
            Scenario::Met | Scenario::Sparse | Scenario::Volatile => 47.0 + 0.3 * i,
            Scenario::Basic => lerp(43.0, 44.8, i),
            Scenario::Gap => lerp(38.0, 41.0, i),
            Scenario::Regress | Scenario::Missing => lerp(44.0, 40.0, i),
        },
        Kind::Relational if ind.op == Some(Op::Approx) => {
            // 相适应: within the approx band of the other value.
            let other = other_of(h, i);
            match sc {
                Scenario::Met | Scenario::Sparse | Scenario::Volatile => {
                    other - 1.0 + 0.3 * i
                }
                Scenario::Basic => other + approx_band + 0.1,
                Scenario::Gap => other + 3.0 * approx_band,
                Scenario::Regress | Scenario::Missing => other + 1.5 * approx_band + 0.5 * i,
            }
        }
        Kind::Relational => {
            let other = other_of(h, i);
            match sc {
                Scenario::Met | Scenario::Sparse | Scenario::Volatile => {
                    other + 1.0 + 0.4 * i
                }
                Scenario::Basic => other * (1.0 - tol / 2.0),
                Scenario::Gap => other - 3.0 + 0.2 * i,
                Scenario::Regress | Scenario::Missing => other + 1.0 - 1.2 * i,
            }
        }
        Kind::Directional => {
            let b = typical_base(ind, h);
            // Slow-moving measures (life expectancy, years of schooling) move by tenths per year.
            let step = if matches!(ind.unit.as_str(), "岁" | "年") {
                b * 0.003
            } else {
                b * 0.02
            };
            match ind.direction {
                Direction::Up | Direction::Down | Direction::Hold => {
                    let s = match ind.direction {
                        Direction::Down => -1.0,
                        Direction::Hold => 0.0,
                        _ => 1.0,
                    };
                    match sc {
                        Scenario::Met | Scenario::Sparse => b + s * step * i,
                        Scenario::Volatile => {
                            b + s * step * (i + if i >= 2.5 { 4.0 } else { 0.0 })
                        }
                        // A step back in the year at position 2 (基本实现 for 逐步/持续 wording).
                        Scenario::Basic => {
                            b + s * step * (i - if (1.5..2.5).contains(&i) { 1.5 } else { 0.0 })
                        }
                        Scenario::Gap => b,
                        Scenario::Regress | Scenario::Missing => {
                            b - s * step * i - step * 0.1 * i
                        }
                    }
                }
                Direction::HoldUp => match sc {
                    Scenario::Met | Scenario::Sparse | Scenario::Volatile => b + 0.5 * i,
                    Scenario::Basic => b + if (0.5..1.5).contains(&i) { -0.5 } else { 0.5 * i },
                    Scenario::Gap => b,
                    Scenario::Regress | Scenario::Missing => b - 0.4 * i,
                },
                Direction::SlowRise => {
                    let rises: [f64; POINTS - 1] = match sc {
                        Scenario::Met | Scenario::Sparse | Scenario::Volatile => {
                            [2.0, 1.6, 1.2, 0.8, 0.5]
                        }
                        Scenario::Basic => [2.0, 1.2, 1.5, 0.9, 0.6],
                        Scenario::Gap => [1.0; 5],
                        Scenario::Regress | Scenario::Missing => [0.5, 0.8, 1.2, 1.6, 2.0],
                    };
                    b + rises[..step_index(i)].iter().sum::<f64>() * b / 100.0
                }
            }
        }
        Kind::CountPerBody | Kind::Milestone => return None,
    };
    let v = v.max(0.0);
    let v = match ind.max_value() {
        Some(max) => v.min(max),
        None => v,
    };
    // Whole numbers for counted things (institutions, cases, persons); rounded against the goal when the
    // scenario is not a success.
    if ind.entry == Entry::Value && INTEGER_UNITS.contains(&ind.unit.as_str()) {
        let up = matches!(ind.direction, Direction::Up | Direction::HoldUp);
        let good = matches!(sc, Scenario::Met | Scenario::Sparse | Scenario::Volatile);
        return Some(if good {
            v.round()
        } else if up {
            v.floor()
        } else {
            v.ceil()
        });
    }
    Some(v)
}

/// Units of counted things, for which the demo uses whole numbers.
const INTEGER_UNITS: [&str; 5] = ["所", "个", "例", "人", "家"];

fn other_of(h: u64, i: f64) -> f64 {
    25.0 + (h % 10) as f64 + 0.3 * i
}

/// The nearest whole position (0..=STEPS) of `i`, for the paths given year by year.
fn step_index(i: f64) -> usize {
    (i.round().max(0.0) as usize).min(POINTS - 1)
}

fn num(v: f64) -> String {
    fmt_num(round2(v))
}

fn entry(ind: &Indicator, sc: Scenario, h: u64, i: f64, year: u16, defaults: &Defaults) -> YearEntry {
    let mut e = YearEntry::default();
    match ind.kind {
        Kind::Milestone => {
            let path: [Stage; POINTS] = match sc {
                Scenario::Met | Scenario::Sparse | Scenario::Volatile => {
                    use Stage::*;
                    [NotStarted, InProgress, InProgress, Basic, Done, Done]
                }
                Scenario::Basic => [
                    Stage::NotStarted,
                    Stage::InProgress,
                    Stage::InProgress,
                    Stage::InProgress,
                    Stage::Basic,
                    Stage::Basic,
                ],
                Scenario::Gap => [
                    Stage::NotStarted,
                    Stage::NotStarted,
                    Stage::InProgress,
                    Stage::InProgress,
                    Stage::InProgress,
                    Stage::InProgress,
                ],
                Scenario::Regress | Scenario::Missing => [
                    Stage::InProgress,
                    Stage::InProgress,
                    Stage::Basic,
                    Stage::Basic,
                    Stage::InProgress,
                    Stage::InProgress,
                ],
            };
            e.stage = Some(path[step_index(i)]);
            e.evidence = format!("演示：{year}年{}工作进展情况说明", ind.name);
            return e;
        }
        Kind::CountPerBody => {
            let n = ind.value.unwrap_or(1.0).max(0.0);
            let bodies: Vec<String> = if ind.bodies.is_empty() {
                vec!["单位甲".into(), "单位乙".into()]
            } else {
                ind.bodies.clone()
            };
            for (k, b) in bodies.iter().enumerate() {
                let short = match sc {
                    Scenario::Gap => k == 0,
                    Scenario::Regress | Scenario::Missing => k == 0 && i >= 2.5,
                    Scenario::Basic => false,
                    _ => false,
                };
                // 基本实现 has no meaning for counts: the demo leaves one body unreported instead (无数据).
                if sc == Scenario::Basic && k == bodies.len() - 1 && i >= 3.5 {
                    continue;
                }
                let v = if short {
                    (n - 1.0).max(0.0)
                } else {
                    n + (k % 2) as f64
                };
                e.bodies.insert(b.clone(), num(v));
            }
            return e;
        }
        _ => {}
    }
    let Some(v) = value_of(
        ind,
        sc,
        h,
        i,
        defaults.basic_tolerance,
        defaults.approx_band,
    ) else {
        return e;
    };
    if ind.kind == Kind::Relational {
        e.other = num(other_of(h, i));
    }
    match ind.entry {
        Entry::Rate => {
            let scale = ind.scale.unwrap_or(match ind.unit.as_str() {
                "‰" => 1000.0,
                "/10万" => 100_000.0,
                _ => 100.0,
            });
            let den = match district_denominator(ind, h) {
                // Event rates are counted over a district's real population, so their counts are small
                // (a few deaths among ~2 000 births): the demo shows 数据不稳定 and the pooled rate.
                Some(d) => d + i.round() * 17.0,
                // A denominator large enough that the rounded numerator keeps the rate to about ±0.5 %.
                None => {
                    ((100.0 * scale / v.max(0.01)).max(1000.0) / 100.0).ceil() * 100.0
                        + i.round() * 10.0
                }
            };
            let numer = (v * den / scale).round();
            e.numerator = num(numer);
            e.denominator = num(den);
        }
        Entry::FemaleMale => {
            let total = 200.0 + (h % 300) as f64;
            let f = (v / 100.0 * total).round();
            e.female = num(f);
            e.male = num(total - f);
        }
        _ => e.value = num(v),
    }
    e
}

/// For an event rate (`Indicator::counts_events`), a denominator of the size a district of about
/// 150 000 people has, chosen by what the denominator counts; None for other rates.
fn district_denominator(ind: &Indicator, h: u64) -> Option<f64> {
    if !ind.counts_events() {
        return None;
    }
    let what = ind.denominator.as_deref().unwrap_or("");
    let (base, spread) = if what.contains("感染") {
        (6.0, 4)
    } else if what.contains("活产") {
        (1_800.0, 600)
    } else if what.contains("育龄妇女") {
        (36_000.0, 4_000)
    } else if what.contains("女职工") {
        (12_000.0, 3_000)
    } else if what.contains("儿童") || what.contains("未成年人") {
        (28_000.0, 4_000)
    } else {
        (10_000.0, 2_000)
    };
    Some(base + (h % spread) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_cover_all_kinds_of_outcome() {
        let ids: Vec<String> = (0..400)
            .map(|k| format!("W{}-{}-{}", k % 8, k % 13, k))
            .collect();
        for sc in [
            Scenario::Met,
            Scenario::Basic,
            Scenario::Gap,
            Scenario::Regress,
            Scenario::Missing,
        ] {
            assert!(
                ids.iter().any(|id| scenario(id) == sc),
                "{sc:?} never chosen"
            );
        }
        assert_eq!(scenario("W1-4-2"), scenario("W1-4-2"));
    }
}
