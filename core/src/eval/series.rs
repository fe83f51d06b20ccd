//! Resolving an indicator's yearly entries (base year..=Y) into numbers and collecting input errors; the
//! resolved years are kept in the result, and the audit line of each year is written from them.

use super::fmt::{join, year_label, N};
use super::trail::Trail;
use crate::catalogue::{Catalogue, Entry, Indicator, Kind, Period, Stage};
use crate::dataset::{resolve, Derivation, InputError, Resolved, YearEntry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a year's entry was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Nothing entered for the year.
    #[default]
    NotEntered,
    /// Entered with errors (listed in the result's `errors`): the year counts as missing.
    Invalid,
    /// Entered and read.
    Read,
}

impl EntryState {
    fn is_not_entered(&self) -> bool {
        *self == EntryState::NotEntered
    }
}

/// One resolved year, as the rules use it and as its audit line is written from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct YearData {
    pub year: u16,
    #[serde(skip_serializing_if = "EntryState::is_not_entered")]
    pub state: EntryState,
    /// The indicator value (for per-body indicators: the minimum count over the listed bodies entered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<f64>,
    /// Per-body counts (per-body indicators only).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub bodies: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// How the value was obtained.
    #[serde(skip_serializing_if = "Derivation::is_none")]
    pub derivation: Derivation,
    /// Milestones: the length in bytes of this year's evidence text (trimmed) in `Audit::evidence`, where
    /// the texts of all years follow one another (one allocation per indicator, not one per year).
    #[serde(skip_serializing_if = "is_zero")]
    pub evidence_len: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The resolved years base..=Y of one indicator (the first is the base year).
pub(crate) struct Series {
    pub years: Vec<YearData>,
    pub errors: Vec<InputError>,
    /// Milestones: the evidence texts of the years one after another (see `YearData::evidence_len`).
    pub evidence: String,
    /// (year, value) of the years with a value, oldest first.
    pub pts: Vec<(u16, f64)>,
    /// (year, value) of the 上一期 years carried from the previous period (before the base year), oldest
    /// first: not judged, used only by the projection (see `earlier_points`).
    pub earlier: Vec<(u16, f64)>,
}

impl Series {
    pub(crate) fn new(years: Vec<YearData>, errors: Vec<InputError>, evidence: String) -> Series {
        // Sized exactly: no allocation for milestones, no regrowth for 5–6 points.
        let mut pts = Vec::with_capacity(years.iter().filter(|d| d.value.is_some()).count());
        pts.extend(years.iter().filter_map(|d| d.value.map(|v| (d.year, v))));
        Series {
            years,
            errors,
            evidence,
            pts,
            earlier: Vec::new(),
        }
    }
    /// (year, value) of the years with a value, oldest first.
    pub(crate) fn points(&self) -> &[(u16, f64)] {
        &self.pts
    }
    /// The base-year value (`base` = the catalogue's base year).
    pub(crate) fn base(&self, base: u16) -> Option<f64> {
        self.years
            .first()
            .filter(|d| d.year == base)
            .and_then(|d| d.value)
    }
}

/// Free text shortened to `max` characters for the audit trail: (shown part, whether it was cut).
fn truncate(text: &str, max: usize) -> (&str, bool) {
    let t = text.trim();
    // `chars().count()` is vectorised in std; only long texts need the char-by-char cut.
    if t.len() <= max || t.chars().count() <= max {
        return (t, false);
    }
    match t.char_indices().nth(max) {
        None => (t, false),
        Some((cut, _)) => (&t[..cut], true),
    }
}

/// True when no numeric field holds any text: `resolve` would then only pass the stage through.
fn no_numeric_text(e: &YearEntry) -> bool {
    e.value.is_empty()
        && e.numerator.is_empty()
        && e.denominator.is_empty()
        && e.female.is_empty()
        && e.male.is_empty()
        && e.other.is_empty()
        && e.bodies.values().all(|v| v.is_empty())
}

fn is_milestone(ind: &Indicator) -> bool {
    ind.kind == Kind::Milestone || ind.entry == Entry::Milestone
}

fn is_per_body(ind: &Indicator) -> bool {
    ind.kind == Kind::CountPerBody || ind.entry == Entry::PerBody
}

/// The bodies a per-body year is judged on: the catalogue's list, else every body entered.
fn listed<'a>(ind: &'a Indicator, bodies: &'a BTreeMap<String, f64>) -> Vec<&'a str> {
    if ind.bodies.is_empty() {
        bodies.keys().map(|k| k.as_str()).collect()
    } else {
        ind.bodies.iter().map(|b| b.as_str()).collect()
    }
}

/// Resolves base..=`year` of the indicator's entries (no text is written here; see `year_lines`).
pub(crate) fn resolve_series(
    ind: &Indicator,
    period: Period,
    entries: Option<&BTreeMap<u16, YearEntry>>,
    year: u16,
) -> Series {
    let first = period.base;
    let mut years = Vec::with_capacity(usize::from(year.saturating_sub(first)) + 1);
    let mut errors = Vec::new();
    // Room for every year's evidence at once (the untrimmed lengths bound the trimmed ones).
    let mut evidence = String::with_capacity(match entries {
        Some(m) if is_milestone(ind) => m
            .range(first..=year)
            .map(|(_, e)| e.evidence.len())
            .sum(),
        _ => 0,
    });
    for y in first..=year {
        let mut d = YearData {
            year: y,
            ..Default::default()
        };
        let entry = entries.and_then(|m| m.get(&y)).filter(|e| !e.is_empty());
        let Some(e) = entry else {
            years.push(d);
            continue;
        };
        // Milestone-only entries (no numeric text): same result as `resolve`, without its parsing work.
        let resolved = if no_numeric_text(e) {
            Ok(Resolved {
                stage: e.stage,
                ..Default::default()
            })
        } else {
            resolve(ind, period, y, e)
        };
        match resolved {
            Err(errs) => {
                d.state = EntryState::Invalid;
                errors.extend(errs);
            }
            Ok(r) => {
                d.state = EntryState::Read;
                d.stage = r.stage;
                d.other = r.other;
                if is_milestone(ind) {
                    let text = e.evidence.trim();
                    evidence.push_str(text);
                    d.evidence_len = text.len();
                } else if is_per_body(ind) {
                    d.value = listed(ind, &r.bodies)
                        .iter()
                        .filter_map(|b| r.bodies.get(*b).copied())
                        .reduce(f64::min);
                    d.bodies = r.bodies;
                } else {
                    d.value = r.value;
                    d.derivation = r.derivation;
                }
            }
        }
        years.push(d);
    }
    Series::new(years, errors, evidence)
}

/// The values of the 上一期 years of a linked numeric indicator (years before the base year carried from
/// the previous period, `Catalogue::previous_years`), oldest first; entries that do not read are left out
/// (they were checked in the previous period). Empty for every other indicator, without allocating.
pub(crate) fn earlier_points(
    cat: &Catalogue,
    ind: &Indicator,
    entries: Option<&BTreeMap<u16, YearEntry>>,
) -> Vec<(u16, f64)> {
    let years = cat.previous_years();
    let (Some(m), true) = (entries, ind.previous.is_some() && !years.is_empty()) else {
        return Vec::new();
    };
    if is_milestone(ind) || is_per_body(ind) {
        return Vec::new();
    }
    let period = crate::carry::read_period(cat, ind);
    m.range(years)
        .filter(|(_, e)| !e.is_empty())
        .filter_map(|(y, e)| Some((*y, resolve(ind, period, *y, e).ok()?.value?)))
        .collect()
}

/// Writes one audit line per resolved year.
pub(crate) fn year_lines(cat: &Catalogue, ind: &Indicator, s: &Series, t: &mut Trail) {
    if !t.is_on() {
        return;
    }
    let mut at = 0usize;
    for d in &s.years {
        // Never panics on a stored result whose lengths do not fit its text: the evidence is then left out.
        let end = at.saturating_add(d.evidence_len);
        let evidence = s.evidence.get(at..end).unwrap_or("");
        at = end;
        t.push(|| year_line(cat, ind, d, evidence, &s.errors));
    }
}

fn year_line(
    cat: &Catalogue,
    ind: &Indicator,
    d: &YearData,
    evidence: &str,
    errors: &[InputError],
) -> String {
    let label = year_label(d.year, cat.period.base);
    let label: &str = &label;
    let unit = ind.unit.as_str();
    match d.state {
        EntryState::NotEntered => join(&[label, "：未填报"]),
        EntryState::Invalid => {
            let msgs: Vec<String> = errors
                .iter()
                .filter(|er| er.year == d.year)
                .map(|er| er.message(cat))
                .collect();
            format!("{label}：填报有误——{}；该年按无数据处理", msgs.join("；"))
        }
        EntryState::Read if is_milestone(ind) => {
            let (s1, s2, s3) = match d.stage {
                Some(st) => ("阶段“", st.label(), "”"),
                None => ("未填进展阶段", "", ""),
            };
            let (ev, cut) = truncate(evidence, 60);
            if ev.is_empty() {
                join(&[label, "：", s1, s2, s3, "；未填佐证材料"])
            } else {
                join(&[
                    label,
                    "：",
                    s1,
                    s2,
                    s3,
                    "；佐证：",
                    ev,
                    if cut { "…" } else { "" },
                ])
            }
        }
        EntryState::Read if is_per_body(ind) => {
            let parts: Vec<String> = listed(ind, &d.bodies)
                .iter()
                .map(|b| match d.bodies.get(*b) {
                    Some(&v) => format!("{b} {}{unit}", N(v)),
                    None => format!("{b} 未填"),
                })
                .collect();
            let extra: Vec<&str> = d
                .bodies
                .keys()
                .map(|k| k.as_str())
                .filter(|k| !ind.bodies.is_empty() && !ind.bodies.iter().any(|b| b == k))
                .collect();
            let mut line = if parts.is_empty() {
                format!("{label}：未填各单位配备数")
            } else {
                format!("{label}：{}", parts.join("，"))
            };
            if !extra.is_empty() {
                line.push_str(&format!("（目录未列的单位不计入：{}）", extra.join("、")));
            }
            line
        }
        EntryState::Read => {
            let mut line = match d.value {
                None => join(&[label, "：未填报数值"]),
                Some(v) if matches!(d.derivation, Derivation::Direct | Derivation::None) => {
                    format!("{label}：{}{unit}（直接填报）", N(v))
                }
                Some(_) => format!("{label}：{}{unit}", d.derivation),
            };
            if ind.kind == Kind::Relational {
                let what = ind.compare_with.as_deref().unwrap_or("比较值");
                match d.other {
                    Some(o) => line.push_str(&format!("；{what} {}{unit}", N(o))),
                    None => line.push_str(&format!("；{what} 未填报")),
                }
            }
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, Stage};

    /// The milestone shortcut gives exactly what `resolve` gives for entries without numeric text.
    #[test]
    fn shortcut_matches_resolve() {
        let cat = Catalogue::embedded();
        let e = YearEntry {
            stage: Some(Stage::Basic),
            evidence: "文件".into(),
            note: "备注".into(),
            ..Default::default()
        };
        assert!(no_numeric_text(&e));
        for r in cat.indicators().iter().take(50) {
            assert_eq!(
                resolve(r.indicator, cat.period, cat.period.midterm, &e),
                Ok(Resolved {
                    stage: Some(Stage::Basic),
                    ..Default::default()
                })
            );
        }
        assert!(!no_numeric_text(&YearEntry {
            value: " ".into(),
            ..Default::default()
        }));
        assert_eq!(truncate(" 一二三四五 ", 3), ("一二三", true));
        assert_eq!(truncate("一二三", 3), ("一二三", false));
    }
}
