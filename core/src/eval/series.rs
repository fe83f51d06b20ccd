//! Resolving an indicator's yearly entries (2020..=Y) into numbers, collecting input errors and writing
//! one audit line per year.

use super::fmt::{join, year_label, N};
use crate::catalogue::{Catalogue, Entry, Indicator, Kind, Stage};
use crate::dataset::{resolve, Dataset, InputError, Resolved, YearEntry, BASE_YEAR};
use std::collections::BTreeMap;

/// One resolved year.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearData<'a> {
    pub year: u16,
    /// The indicator value (for per-body indicators: the minimum count over the bodies entered).
    pub value: Option<f64>,
    pub other: Option<f64>,
    pub bodies: BTreeMap<String, f64>,
    pub stage: Option<Stage>,
    pub evidence: &'a str,
}

/// The resolved years 2020..=Y of one indicator.
pub(crate) struct Series<'a> {
    pub years: Vec<YearData<'a>>,
    pub errors: Vec<InputError>,
    /// (year, value) of the years with a value, oldest first.
    pub pts: Vec<(u16, f64)>,
}

impl<'a> Series<'a> {
    /// (year, value) of the years with a value, oldest first.
    pub(crate) fn points(&self) -> &[(u16, f64)] {
        &self.pts
    }
    /// The 2020 base value.
    pub(crate) fn base(&self) -> Option<f64> {
        self.years
            .first()
            .filter(|d| d.year == BASE_YEAR)
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

/// Resolves 2020..=`year`; one audit line per year is appended to `lines`.
pub(crate) fn resolve_series<'a>(
    cat: &Catalogue,
    ind: &Indicator,
    data: &'a Dataset,
    year: u16,
    lines: &mut Vec<String>,
) -> Series<'a> {
    let entries = data.data.get(&ind.id);
    let unit = ind.unit.as_str();
    let mut out = Series {
        years: Vec::with_capacity(6),
        errors: Vec::new(),
        pts: Vec::new(),
    };
    for y in BASE_YEAR..=year {
        let mut d = YearData {
            year: y,
            ..Default::default()
        };
        let label = year_label(y);
        let label: &str = &label;
        let entry = entries.and_then(|m| m.get(&y)).filter(|e| !e.is_empty());
        let Some(e) = entry else {
            lines.push(join(&[label, "：未填报"]));
            out.years.push(d);
            continue;
        };
        // Milestone-only entries (no numeric text): same result as `resolve`, without its parsing work.
        let resolved = if no_numeric_text(e) {
            Ok(Resolved {
                stage: e.stage,
                ..Default::default()
            })
        } else {
            resolve(ind, y, e)
        };
        match resolved {
            Err(errs) => {
                let msgs: Vec<String> = errs.iter().map(|er| er.message(cat)).collect();
                lines.push(format!(
                    "{label}：填报有误——{}；该年按无数据处理",
                    msgs.join("；")
                ));
                out.errors.extend(errs);
            }
            Ok(r) => {
                d.evidence = e.evidence.as_str();
                d.stage = r.stage;
                d.other = r.other;
                let line = match (ind.kind, ind.entry) {
                    (Kind::Milestone, _) | (_, Entry::Milestone) => {
                        let (ev, cut) = truncate(&e.evidence, 60);
                        let (s1, s2, s3) = match r.stage {
                            Some(st) => ("阶段“", st.label(), "”"),
                            None => ("未填进展阶段", "", ""),
                        };
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
                    (Kind::CountPerBody, _) | (_, Entry::PerBody) => {
                        let listed: Vec<&str> = if ind.bodies.is_empty() {
                            r.bodies.keys().map(|k| k.as_str()).collect()
                        } else {
                            ind.bodies.iter().map(|b| b.as_str()).collect()
                        };
                        let mut parts = Vec::new();
                        let mut min: Option<f64> = None;
                        for b in &listed {
                            match r.bodies.get(*b) {
                                Some(&v) => {
                                    parts.push(format!("{b} {}{unit}", N(v)));
                                    min = Some(min.map_or(v, |m: f64| m.min(v)));
                                }
                                None => parts.push(format!("{b} 未填")),
                            }
                        }
                        let extra: Vec<&str> = r
                            .bodies
                            .keys()
                            .map(|k| k.as_str())
                            .filter(|k| {
                                !ind.bodies.is_empty() && !ind.bodies.iter().any(|b| b == k)
                            })
                            .collect();
                        d.bodies = r.bodies.clone();
                        d.value = min;
                        let mut line = if parts.is_empty() {
                            format!("{label}：未填各单位配备数")
                        } else {
                            format!("{label}：{}", parts.join("，"))
                        };
                        if !extra.is_empty() {
                            line.push_str(&format!(
                                "（目录未列的单位不计入：{}）",
                                extra.join("、")
                            ));
                        }
                        line
                    }
                    _ => {
                        d.value = r.value;
                        let mut line = match r.value {
                            None => join(&[label, "：未填报数值"]),
                            Some(v) if r.derivation == "直接填报" || r.derivation.is_empty() => {
                                format!("{label}：{}{unit}（直接填报）", N(v))
                            }
                            Some(_) => join(&[label, "：", &r.derivation, unit]),
                        };
                        if ind.kind == Kind::Relational {
                            let what = ind.compare_with.as_deref().unwrap_or("比较值");
                            match r.other {
                                Some(o) => line.push_str(&format!("；{what} {}{unit}", N(o))),
                                None => line.push_str(&format!("；{what} 未填报")),
                            }
                        }
                        line
                    }
                };
                lines.push(line);
            }
        }
        out.years.push(d);
    }
    out.pts = out
        .years
        .iter()
        .filter_map(|d| d.value.map(|v| (d.year, v)))
        .collect();
    out
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
                resolve(r.indicator, 2023, &e),
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
