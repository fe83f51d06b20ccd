//! Small numbers (小数字): the counts behind a rate entered as numerator and denominator, the exact 95 %
//! limits of an event rate, the 数据不稳定 flag and the pooled rate of the last three years, and the one
//! rule that says which judgement the status follows (`Basis`). See section 6 (小数字) of the rules in `eval/mod.rs`.

use super::fmt::{Fig, NumberKind, N, U};
use super::poisson::poisson_limits;
use super::series::{Series, YearData};
use super::Status;
use crate::catalogue::{Defaults, Indicator};
use crate::dataset::Derivation;
use serde::{Deserialize, Serialize};

/// Years pooled for the second judgement: the last three plan years with data (the base year is not pooled).
pub const POOL_YEARS: usize = 3;
/// A pooled rate needs at least this many years entered as counts.
pub const MIN_POOL_YEARS: usize = 2;

/// Which judgement the status follows (the rule lives in `basis`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The latest year's value (stable, or no pooled rate to judge instead).
    #[default]
    SingleYear,
    /// The pooled rate of the last three years (the latest year is unstable).
    Pooled,
}

/// A rate of several years pooled: Σ numerators ÷ Σ denominators × scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pooled {
    /// The years pooled (those of the last three years with data that were entered as counts).
    pub years: Vec<u16>,
    pub numerator: f64,
    pub denominator: f64,
    pub rate: f64,
    /// Exact 95 % limits of the pooled rate (event rates only).
    pub ci: (f64, f64),
    /// The status the same rule gives when the pooled rate takes the latest year's place.
    pub status: Status,
}

/// The counts behind the latest year's rate, for results whose latest value was entered as counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// The year the rule judged (the latest year with data).
    pub year: u16,
    pub numerator: f64,
    pub denominator: f64,
    pub scale: f64,
    /// The numerator counts events (`Indicator::counts_events`): the limits, the flag and the pooled rate apply.
    pub events: bool,
    /// Exact (Garwood) 95 % limits of the rate, in the indicator's unit (event rates only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci: Option<(f64, f64)>,
    /// 数据不稳定: an event rate from fewer than `Defaults::min_events` events.
    #[serde(default)]
    pub unstable: bool,
    /// The threshold in effect (`Defaults::min_events`).
    #[serde(default)]
    pub min_events: f64,
    /// The pooled rate of the last three years with data (event rates, at least two years entered as counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pooled: Option<Pooled>,
    /// Which judgement the status follows.
    #[serde(default)]
    pub basis: Basis,
}

impl Counts {
    /// "1/1850": the count beside the rate (numerator/denominator).
    pub fn ratio_text(&self) -> String {
        format!("{}/{}", N(self.numerator), N(self.denominator))
    }
    /// "1.37–301.17/10万" (event rates only).
    pub fn ci_text(&self, unit: &str) -> Option<String> {
        self.ci.map(|ci| Limits(ci, unit).to_string())
    }
    /// "2023–2025年 3/5700 = 52.63/10万，按此判断" (or "，供参考"), for event rates with a pooled rate.
    pub fn pooled_text(&self, unit: &str) -> Option<String> {
        let p = self.pooled.as_ref()?;
        Some(format!(
            "{}年 {}/{} = {}（{}），{}",
            years_span(&p.years),
            N(p.numerator),
            N(p.denominator),
            U(p.rate, unit),
            p.status.label(),
            if self.basis == Basis::Pooled { "按此判断" } else { "供参考" }
        ))
    }
}

/// The figures of a year entered as counts: (numerator, denominator, scale).
pub(crate) fn year_counts(d: &YearData) -> Option<(f64, f64, f64)> {
    match d.derivation {
        Derivation::Rate { numerator, denominator, scale } if d.value.is_some() && denominator > 0.0 => {
            Some((numerator, denominator, scale))
        }
        _ => None,
    }
}

/// Exact 95 % limits of a rate from `k` events over `den` (× `scale`), the upper limit kept within the
/// indicator's range (e.g. 100 % for a share).
pub(crate) fn rate_limits(ind: &Indicator, k: f64, den: f64, scale: f64) -> (f64, f64) {
    let (lo, hi) = poisson_limits(k);
    let cap = ind.max_value().unwrap_or(f64::INFINITY);
    ((lo / den * scale).min(cap), (hi / den * scale).min(cap))
}

/// The counts of the judged year `ly` and the pooled rate (its `status` still to be filled by the caller,
/// which judges it with the rule of the indicator). None when that year was not entered as counts.
pub(crate) fn counts_of(ind: &Indicator, d: &Defaults, s: &Series, ly: u16) -> Option<Counts> {
    let latest = s.years.iter().find(|y| y.year == ly)?;
    let (n, den, scale) = year_counts(latest)?;
    let events = ind.counts_events();
    let min_events = d.min_events.max(0.0);
    let mut c = Counts {
        year: ly,
        numerator: n,
        denominator: den,
        scale,
        events,
        ci: None,
        unstable: false,
        min_events,
        pooled: None,
        basis: Basis::SingleYear,
    };
    if !events {
        return Some(c);
    }
    c.ci = Some(rate_limits(ind, n, den, scale));
    c.unstable = n < min_events;
    // The last three plan years (after the base year, which is the reference of 退步 and 提高/下降) with a
    // value up to the judged year; those entered as counts are pooled.
    let base = s.years.first().map_or(0, |y| y.year);
    let last: Vec<&YearData> = s
        .years
        .iter()
        .filter(|y| y.year > base && y.year <= ly && y.value.is_some())
        .rev()
        .take(POOL_YEARS)
        .collect();
    let counted: Vec<(u16, (f64, f64, f64))> =
        last.iter().rev().filter_map(|y| Some((y.year, year_counts(y)?))).collect();
    // Pooling needs one scale (it is the indicator's) and at least two years.
    if counted.len() >= MIN_POOL_YEARS && counted.iter().all(|(_, (_, _, sc))| (sc - scale).abs() <= f64::EPSILON * scale.abs()) {
        let num: f64 = counted.iter().map(|(_, (k, _, _))| k).sum();
        let dsum: f64 = counted.iter().map(|(_, (_, dd, _))| dd).sum();
        c.pooled = Some(Pooled {
            years: counted.iter().map(|(y, _)| *y).collect(),
            numerator: num,
            denominator: dsum,
            rate: num / dsum * scale,
            ci: rate_limits(ind, num, dsum, scale),
            status: Status::NoData,
        });
    }
    Some(c)
}

/// The status rule for small numbers, in one place: when the judged year's event count is below the
/// threshold and a pooled rate exists, the status follows the pooled judgement (the more events, the less
/// chance decides: small-area health statistics pool years for exactly this reason); otherwise the
/// single year's judgement stands (official monitoring judges the year's value).
pub(crate) fn basis(c: &Counts) -> Basis {
    if c.unstable && c.pooled.is_some() {
        Basis::Pooled
    } else {
        Basis::SingleYear
    }
}

/// The series with the pooled rate in the judged year's place (for the second judgement).
pub(crate) fn pooled_series(s: &Series, c: &Counts, p: &Pooled) -> Series {
    let mut years = s.years.clone();
    if let Some(y) = years.iter_mut().find(|y| y.year == c.year) {
        y.value = Some(p.rate);
        y.derivation = Derivation::Rate { numerator: p.numerator, denominator: p.denominator, scale: c.scale };
    }
    Series::new(years, Vec::new(), String::new())
}

/// Names of the numerator and denominator for the explanation ("孕产妇死亡人数", "活产数").
pub(crate) fn names(ind: &Indicator) -> (&str, &str) {
    (
        ind.numerator.as_deref().filter(|s| !s.is_empty()).unwrap_or("分子"),
        ind.denominator.as_deref().filter(|s| !s.is_empty()).unwrap_or("分母"),
    )
}

/// "1.4–301.2/10万" (by the unit's rule).
pub(crate) struct Limits<'a>(pub (f64, f64), pub &'a str);

impl std::fmt::Display for Limits<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = NumberKind::of_unit(self.1);
        write!(f, "{}–{}{}", Fig(self.0 .0, kind), Fig(self.0 .1, kind), self.1)
    }
}

/// The explanation lines of the counts (each figure on its own line, with its inputs and rule).
pub(crate) fn lines(ind: &Indicator, c: &Counts) -> Vec<String> {
    let unit = ind.unit.as_str();
    let (num, den) = names(ind);
    let mut out = Vec::new();
    if !c.events {
        // Not an event rate: the year's line already shows the counts; no limits, flag or pooling.
        return out;
    }
    let (klo, khi) = poisson_limits(c.numerator);
    if let Some(ci) = c.ci {
        out.push(format!(
            "95%置信区间（精确泊松法）：{}年{num} {} 的下限 {}、上限 {}，÷ {den} {} × {} = {}",
            c.year,
            N(c.numerator),
            N(round4(klo)),
            N(round4(khi)),
            N(c.denominator),
            N(c.scale),
            Limits(ci, unit)
        ));
    }
    if c.unstable {
        out.push(format!(
            "数据不稳定：{}年{num} {} 少于最少例数门槛 {}（目录默认口径，可修改），单年比率受偶然因素影响大",
            c.year,
            N(c.numerator),
            N(c.min_events)
        ));
    } else {
        out.push(format!("{}年{num} {} 不少于 {}，单年比率可靠", c.year, N(c.numerator), N(c.min_events)));
    }
    match &c.pooled {
        Some(p) => {
            out.push(format!(
                "{}年合并率：Σ{num} {} ÷ Σ{den} {} × {} = {}{unit}，95%置信区间 {}",
                years_span(&p.years),
                N(p.numerator),
                N(p.denominator),
                N(c.scale),
                N(round4(p.rate)),
                Limits(p.ci, unit)
            ));
            let note = if c.unstable { "" } else { "（供参考：单年比率可靠，以单年判断为准）" };
            out.push(format!(
                "第二判断：以合并率代替{}年数值按同一规则判断 → {}{note}",
                c.year,
                p.status.label()
            ));
        }
        None if c.unstable => out.push(format!(
            "最近{POOL_YEARS}个有数据的年份中以分子分母填报的不足 {MIN_POOL_YEARS} 年，无法计算合并率"
        )),
        None => {}
    }
    out
}

fn years_span(years: &[u16]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if years.len() == usize::from(b - a) + 1 => format!("{a}–{b}"),
        _ => years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、"),
    }
}

pub(crate) fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The 数据不稳定 warning as (plain sentence, working): the count, its limits and, when the judgements
/// differ, both.
pub(crate) fn warning(ind: &Indicator, c: &Counts, single: Status) -> Option<(String, String)> {
    if !c.unstable {
        return None;
    }
    let plain = plain_unstable(ind, c);
    let unit = ind.unit.as_str();
    let (num, den) = names(ind);
    let rate = c.numerator / c.denominator * c.scale;
    let mut s = format!(
        "{}年{num} {}（{den} {}），少于 {}，比率 {}{unit} 的95%置信区间为 {}，单年数值不宜单独据此下结论",
        c.year,
        N(c.numerator),
        N(c.denominator),
        N(c.min_events),
        N(round4(rate)),
        Limits(c.ci.unwrap_or((rate, rate)), unit)
    );
    if let Some(p) = &c.pooled {
        if p.status != single {
            s.push_str(&format!(
                "；单年判断为“{}”，{}年合并率 {}{unit} 判断为“{}”，按规则以合并率判断为准",
                single.label(),
                years_span(&p.years),
                N(round4(p.rate)),
                p.status.label()
            ));
        }
    }
    Some((plain, s))
}

/// The plain sentence of a small count: "近三年合计死亡 3 人，例数太少，单年比率波动主要是偶然的，以三年合计判断".
pub(crate) fn plain_unstable(ind: &Indicator, c: &Counts) -> String {
    let (num, _) = names(ind);
    match (&c.pooled, c.basis) {
        (Some(p), Basis::Pooled) => format!(
            "{}年{num}只有 {} 例，{}年合计 {} 例，例数太少，单年比率的起落主要是偶然的，以{}年合计判断",
            c.year,
            N(c.numerator),
            years_span(&p.years),
            N(p.numerator),
            p.years.len()
        ),
        _ => format!(
            "{}年{num}只有 {} 例，例数太少，单年比率的起落主要是偶然的，不宜单独据此下结论",
            c.year,
            N(c.numerator)
        ),
    }
}
