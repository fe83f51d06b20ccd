//! 各县区比较 / Comparing the counties of a city for one year.
//!
//! Each county's data are evaluated on its own catalogue ([`crate::eval::evaluate`]) and its indicators are
//! mapped to the city's through the roll-up map ([`super::map`]); the city's own status comes from its rolled-up
//! data file ([`super::sum`]). Per city indicator (in the city catalogue's order):
//!
//! - **statuses**: the city's and each county's (未对应 when the county's map has no indicator for it);
//! - **ranking**: the counties with a value for the year, by value in the city's unit (the map's factor
//!   applied), best first by the target's direction (提高 → highest first, 降低 → lowest first, 保持/左右 →
//!   closest to the target first);
//! - **laggards** (拖后腿的县区): for a city indicator that is monitorable and not achieved, the counties worse
//!   than the city's numeric target (below it when higher is better, above it when lower is better, outside the
//!   band for 左右/保持), or — when the city's target has no number (逐步提高 …) — the counties whose own status
//!   is not achieved; each with its share of the city's denominator (rates: the denominator; female/male
//!   pairs: women and men; counts: the count), e.g. 丙县 占全市活产数 31%. Largest share first;
//! - **missing data** (缺数据): per county 无数据 (no data file, no entry for the year, or a value that does not
//!   read), 缺少分子分母 (a rate given without its counts; 缺少女性/男性人数 for a female/male pair) or 未对应.

use super::sum::{is_count, CountyPart};
use crate::catalogue::{fmt_num, Catalogue, Direction, Entry, Indicator, Kind};
use crate::dataset::{resolve, Dataset, Derivation};
use crate::eval::{evaluate, rollup_of, IndicatorResult, Rollup, Status};
use super::map::Pair;
use std::collections::HashMap;
use crate::report::IndicatorRow;

/// Why a county has no usable figure for a city indicator in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No data file, no entry that year, or a value that does not read.
    NoData,
    /// A rate (or female/male share) given without the counts needed to sum it.
    NoCounts,
    /// The county's map has no indicator for the city indicator.
    Unmapped,
}

impl Missing {
    /// 无数据 / 缺少分子分母 (缺少女性/男性人数 for a female/male pair) / 未对应.
    pub fn label(self, entry: Entry) -> &'static str {
        match self {
            Missing::NoData => "无数据",
            Missing::NoCounts if entry == Entry::FemaleMale => "缺少女性/男性人数",
            Missing::NoCounts => "缺少分子分母",
            Missing::Unmapped => "未对应",
        }
    }
}

/// One county's figures for one city indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyCell {
    /// The county indicator feeding the city indicator (None: 未对应).
    pub county_id: Option<String>,
    /// The county indicator's status on the county's catalogue (None: 未对应).
    pub status: Option<Status>,
    /// The year's value in the city indicator's unit.
    pub value: Option<f64>,
    /// The county's part of the city's denominator (rates), of women and men (female/male) or of the count.
    pub weight: Option<f64>,
    pub missing: Option<Missing>,
}

/// A county ranked on a city indicator (index into [`Comparison::counties`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub county: usize,
    pub value: f64,
}

/// A county keeping the city below its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Laggard {
    pub county: usize,
    pub value: f64,
    /// Share (0–1) of the city's denominator; None when the county's counts or the city's are missing.
    pub share: Option<f64>,
}

/// One city indicator across the counties.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorComparison {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub entry: Entry,
    pub direction: Direction,
    /// Target in words (the city catalogue's), e.g. "≥ 99%".
    pub target_label: String,
    pub city_status: Status,
    /// The city's value for the year, its numeric target and band.
    pub city_value: Option<f64>,
    pub city_target: Option<f64>,
    /// The city's denominator (or women and men, or count) for the year.
    pub city_weight: Option<f64>,
    /// What the weight counts: "活产数", "女性和男性人数", the indicator's name for a count; empty when none.
    pub weight_label: String,
    /// One per county, in [`Comparison::counties`] order.
    pub cells: Vec<CountyCell>,
    pub ranking: Vec<Ranked>,
    pub laggards: Vec<Laggard>,
}

impl IndicatorComparison {
    /// Monitorable and not achieved for the city.
    pub fn not_achieved(&self) -> bool {
        self.city_status.is_monitorable() && !self.city_status.is_achieved()
    }
    /// Some county misses data (or is not mapped).
    pub fn any_missing(&self) -> bool {
        self.cells.iter().any(|c| c.missing.is_some())
    }
}

/// One county: its name, whether it gave data and its own indicators evaluated on its catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyOverview {
    pub region: String,
    pub catalogue: String,
    pub has_data: bool,
    /// Counts per status over all the county's indicators.
    pub rollup: Rollup,
    /// The county's indicators (its catalogue's order), with the city indicator each feeds ("" when none).
    pub rows: Vec<(IndicatorRow, String)>,
}

/// The comparison of the counties of a city for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub year: u16,
    /// The city's counts per status (all its indicators).
    pub city_rollup: Rollup,
    pub counties: Vec<CountyOverview>,
    pub indicators: Vec<IndicatorComparison>,
}

/// The year's value of `ind` in `entry`, resolved: (value, weight, missing).
fn figures(ind: &Indicator, cat: &Catalogue, ds: Option<&Dataset>, year: u16, factor: f64) -> (Option<f64>, Option<f64>, Option<Missing>) {
    let Some(entry) = ds.and_then(|d| d.entry(&ind.id, year)).filter(|e| !e.is_empty()) else {
        return (None, None, Some(Missing::NoData));
    };
    let Ok(res) = resolve(ind, cat.period, year, entry) else {
        return (None, None, Some(Missing::NoData));
    };
    let value = res.value.map(|v| v * factor);
    let (weight, missing) = match (ind.entry, res.derivation) {
        (Entry::Rate, Derivation::Rate { denominator, .. }) => (Some(denominator), None),
        (Entry::FemaleMale, Derivation::Share { female, male }) => (Some(female + male), None),
        (Entry::Rate | Entry::FemaleMale, _) => (None, Some(Missing::NoCounts)),
        (Entry::Value, _) if is_count(ind) => (value, None),
        (Entry::Milestone, _) if res.stage.is_none() => (None, Some(Missing::NoData)),
        (Entry::Milestone | Entry::PerBody, _) => (None, None),
        _ => (None, value.is_none().then_some(Missing::NoData)),
    };
    (value, weight, missing)
}

/// Is `a` better than `b` for `ind` (by direction; 保持/左右 by distance to `target`)?
fn order(direction: Direction, target: Option<f64>, a: f64, b: f64) -> std::cmp::Ordering {
    match direction {
        Direction::Up | Direction::HoldUp => b.total_cmp(&a),
        Direction::Down | Direction::SlowRise => a.total_cmp(&b),
        Direction::Hold => match target {
            Some(t) => (a - t).abs().total_cmp(&(b - t).abs()),
            None => std::cmp::Ordering::Equal,
        },
    }
}

/// Is `v` worse than the city's target (see the module doc)? None when the target gives no number.
fn worse_than_target(direction: Direction, target: Option<f64>, band: Option<(f64, f64)>, v: f64) -> Option<bool> {
    if let (Direction::Hold, Some((lo, hi))) = (direction, band) {
        return Some(v < lo || v > hi);
    }
    let t = target?;
    match direction {
        Direction::Up | Direction::HoldUp => Some(v < t),
        Direction::Down | Direction::SlowRise => Some(v > t),
        Direction::Hold => None,
    }
}

/// Compares the counties (`parts`, the map's order) with the city (`city_data`: the rolled-up data file) for
/// `year` (clamped to the city's period as the evaluation does).
pub fn compare(city: &Catalogue, city_data: &Dataset, parts: &[CountyPart<'_>], year: u16) -> Comparison {
    let year = city.period.clamp(year);
    let city_ev = evaluate(city, city_data, year);
    // A county without a data file is evaluated as empty (every indicator 无数据).
    let empty = Dataset::default();
    let evals: Vec<_> = parts.iter().map(|p| evaluate(p.catalogue, p.data.unwrap_or(&empty), year)).collect();
    // Looked up by id (a province is 120 counties × 300 indicators: no linear searches inside that loop); the
    // first pair of an id wins, as a search would find it.
    let results: Vec<HashMap<&str, &IndicatorResult>> =
        evals.iter().map(|ev| ev.results.iter().rev().map(|r| (r.id.as_str(), r)).collect()).collect();
    let by_city: Vec<HashMap<&str, &Pair>> =
        parts.iter().map(|p| p.map.pairs.iter().rev().map(|x| (x.city.as_str(), x)).collect()).collect();
    let mut counties = Vec::new();
    for (p, res_of) in parts.iter().zip(&results) {
        let feeds: HashMap<&str, &str> = p.map.pairs.iter().rev().map(|x| (x.county.as_str(), x.city.as_str())).collect();
        let refs = p.catalogue.indicators();
        let mut rows = Vec::new();
        for r in &refs {
            let fed = feeds.get(r.indicator.id.as_str()).map(|c| c.to_string()).unwrap_or_default();
            if let Some(res) = res_of.get(r.indicator.id.as_str()) {
                rows.push((IndicatorRow::new(p.catalogue, r, res), fed));
            }
        }
        let rollup = rollup_of(&p.catalogue.id, &p.catalogue.region, rows.iter().map(|(r, _)| r.status));
        counties.push(CountyOverview {
            region: p.catalogue.region.clone(),
            catalogue: p.catalogue.id.clone(),
            has_data: p.data.is_some(),
            rollup,
            rows,
        });
    }
    let indexes: Vec<_> = parts.iter().map(|p| p.catalogue.index()).collect();
    let mut indicators = Vec::new();
    for r in city.indicators() {
        let ind = r.indicator;
        let res = city_ev.result(&ind.id);
        let city_status = res.map_or(Status::NoData, |x| x.status);
        let city_target = res.and_then(|x| x.target);
        let band = res.and_then(|x| x.band);
        let (city_value, city_weight, _) = figures(ind, city, Some(city_data), year, 1.0);
        let mut cells = Vec::new();
        for (((p, idx), res_of), pairs) in parts.iter().zip(&indexes).zip(&results).zip(&by_city) {
            let Some((k, factor)) = pairs.get(ind.id.as_str()).and_then(|x| idx.get(x.county.as_str()).map(|k| (k.indicator, x.factor))) else {
                cells.push(CountyCell { county_id: None, status: None, value: None, weight: None, missing: Some(Missing::Unmapped) });
                continue;
            };
            let status = res_of.get(k.id.as_str()).map_or(Status::NoData, |x| x.status);
            let (value, weight, missing) = figures(k, p.catalogue, p.data, year, factor);
            cells.push(CountyCell { county_id: Some(k.id.clone()), status: Some(status), value, weight, missing });
        }
        let numeric = ind.kind != Kind::Milestone && ind.entry != Entry::PerBody;
        let mut ranking: Vec<Ranked> = if numeric {
            cells.iter().enumerate().filter_map(|(i, c)| c.value.map(|value| Ranked { county: i, value })).collect()
        } else {
            Vec::new()
        };
        let target_or_city = city_target.or(city_value);
        ranking.sort_by(|a, b| order(ind.direction, target_or_city, a.value, b.value));
        let mut laggards = Vec::new();
        if numeric && city_status.is_monitorable() && !city_status.is_achieved() {
            for rk in &ranking {
                let c = &cells[rk.county];
                let worse = worse_than_target(ind.direction, city_target, band, rk.value)
                    .unwrap_or_else(|| c.status.is_some_and(|s| s.is_monitorable() && !s.is_achieved()));
                if worse {
                    let share = match (c.weight, city_weight) {
                        (Some(w), Some(total)) if total > 0.0 => Some(w / total),
                        _ => None,
                    };
                    laggards.push(Laggard { county: rk.county, value: rk.value, share });
                }
            }
            // Largest share first; counties without counts after, worst value first.
            laggards.sort_by(|a, b| match (a.share, b.share) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => order(ind.direction, target_or_city, b.value, a.value),
            });
        }
        let weight_label = match ind.entry {
            Entry::Rate => ind.denominator.clone().unwrap_or_else(|| "分母".to_string()),
            Entry::FemaleMale => "女性和男性人数".to_string(),
            Entry::Value if is_count(ind) => ind.name.clone(),
            _ => String::new(),
        };
        indicators.push(IndicatorComparison {
            id: ind.id.clone(),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            entry: ind.entry,
            direction: ind.direction,
            target_label: ind.target_label(city.period.base),
            city_status,
            city_value,
            city_target,
            city_weight,
            weight_label,
            cells,
            ranking,
            laggards,
        });
    }
    Comparison { year, city_rollup: city_ev.overall.clone(), counties, indicators }
}

/// "31%", "28.6%": a share (0–1) in percent with at most one decimal.
pub fn share_text(share: f64) -> String {
    format!("{}%", fmt_num((share * 1000.0).round() / 10.0))
}
