//! What a rule works with (`Ctx`) and what it returns (`Judged`), and the reference year of a change:
//! shared by the rules of every kind (`rules`) and of directional targets (`directional`).

use super::criterion::Criterion;
use super::fmt::N;
use super::trail::Trail;
use super::Status;
use crate::catalogue::{Defaults, Indicator, Period};

/// The exact test of a worsening (computed and worded in `chance`): the reference year's figures against the judged year's counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChangeTest {
    pub ref_year: u16,
    /// The reference year's (events, denominator) when entered as counts; else only its rate is known.
    pub ref_counts: Option<(f64, f64)>,
    pub ref_value: f64,
    pub year: u16,
    /// The first year of a pooled rate judged in the year's place (its counts are the sums from `from`).
    pub from: Option<u16>,
    /// The judged year's (events, denominator): a pooled rate's sums in the second judgement.
    pub counts: (f64, f64),
    pub scale: f64,
    /// Two-sided P of equal rates.
    pub p: f64,
}

/// What a rule needs besides the series.
pub(crate) struct Ctx<'a> {
    pub ind: &'a Indicator,
    /// Assessed year Y.
    pub year: u16,
    /// The catalogue's plan years.
    pub period: Period,
    pub defaults: &'a Defaults,
    /// Band override: the dataset's user setting, else the indicator's band.
    pub band: Option<f64>,
}

impl Ctx<'_> {
    pub(crate) fn tol(&self) -> f64 {
        self.defaults.basic_tolerance.max(0.0)
    }
    pub(crate) fn min_change(&self) -> f64 {
        self.defaults.min_change.max(0.0)
    }
    pub(crate) fn unit(&self) -> &str {
        &self.ind.unit
    }
    /// 提前实现 before the last plan year, 已达标 in it.
    pub(crate) fn met(&self, lines: &mut Trail) -> Status {
        let last = self.period.last;
        if self.year < last {
            lines.push(|| format!("评估年份 {} 早于 {last} 年且已达到目标 → 提前实现", self.year));
            Status::AchievedEarly
        } else {
            Status::Achieved
        }
    }
}

/// The outcome of a rule.
#[derive(Debug, Default)]
pub(crate) struct Judged {
    pub status: Option<Status>,
    pub target: Option<f64>,
    pub band: Option<(f64, f64)>,
    /// Fixed criterion, for projection warnings; `cs` says whether CS/AP apply.
    pub criterion: Option<Criterion>,
    pub cs: bool,
    /// Desired direction for directional projection warnings (+1 up, −1 down) with the reference value.
    pub trend_goal: Option<(f64, f64)>,
    pub latest: Option<(u16, f64)>,
    pub broken_years: Vec<u16>,
    pub regressed: Option<String>,
    pub not_held: Option<String>,
    /// The explanation so far (see `trail`).
    pub lines: Trail,
    pub bodies_missing: Vec<String>,
    pub bodies_short: Vec<String>,
    /// Event rates: the exact test of a worsening against the reference year (see `chance`).
    pub chance: Option<ChangeTest>,
}

impl Judged {
    pub(crate) fn no_data(mut self, why: impl std::fmt::Display) -> Judged {
        let why = &why;
        self.lines.push(|| format!("结论：无数据（{why}）"));
        self.lines.say(|| why.to_string());
        self.status = Some(Status::NoData);
        self
    }
}

/// A share shown in percent: 0.01 → "1%".
pub(crate) struct Pct(pub f64);

impl std::fmt::Display for Pct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}%", N(self.0 * 100.0))
    }
}

/// The base-year value if present, else the earliest point before the latest (with a note).
pub(crate) fn reference(ctx: &Ctx, points: &[(u16, f64)], lines: &mut Trail) -> Option<(u16, f64)> {
    reference_of(ctx.period.base, points.first().copied(), points.len(), lines)
}

/// `reference` from the first of `n` points (`base` = the base year).
pub(crate) fn reference_of(base: u16, first: Option<(u16, f64)>, n: usize, lines: &mut Trail) -> Option<(u16, f64)> {
    let first = first?;
    if first.0 == base {
        return Some(first);
    }
    if n >= 2 {
        lines.push(|| {
            format!(
                "缺少{base}年基数，以最早有数据的{}年（{}）为参照",
                first.0,
                N(first.1)
            )
        });
        return Some(first);
    }
    None
}

pub(crate) fn years_text(years: &[u16]) -> String {
    years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

