//! Resolving an indicator's yearly entries (2020..=Y) into numbers, collecting input errors and writing
//! one audit line per year.

use super::fmt::N;
use crate::catalogue::{Catalogue, Entry, Indicator, Kind, Stage};
use crate::dataset::{resolve, Dataset, InputError, BASE_YEAR};
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
    pub lines: Vec<String>,
}

impl<'a> Series<'a> {
    /// (year, value) of the years with a value, oldest first.
    pub(crate) fn points(&self) -> Vec<(u16, f64)> {
        self.years.iter().filter_map(|d| d.value.map(|v| (d.year, v))).collect()
    }
    /// The 2020 base value.
    pub(crate) fn base(&self) -> Option<f64> {
        self.years.first().filter(|d| d.year == BASE_YEAR).and_then(|d| d.value)
    }
}

/// "2020年（基数）" / "2021年", displayed without an intermediate String.
struct YearLabel(u16);

impl std::fmt::Display for YearLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == BASE_YEAR {
            write!(f, "{}年（基数）", self.0)
        } else {
            write!(f, "{}年", self.0)
        }
    }
}

/// Shortens free text for the audit trail (characters, not bytes).
fn short(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(max).collect();
        s.push('…');
        s
    }
}

pub(crate) fn resolve_series<'a>(cat: &Catalogue, ind: &Indicator, data: &'a Dataset, year: u16) -> Series<'a> {
    let entries = data.data.get(&ind.id);
    let unit = ind.unit.as_str();
    let mut out = Series { years: Vec::with_capacity(6), errors: Vec::new(), lines: Vec::with_capacity(6) };
    for y in BASE_YEAR..=year {
        let mut d = YearData { year: y, ..Default::default() };
        let label = YearLabel(y);
        let entry = entries.and_then(|m| m.get(&y)).filter(|e| !e.is_empty());
        let Some(e) = entry else {
            out.lines.push(format!("{label}：未填报"));
            out.years.push(d);
            continue;
        };
        match resolve(ind, y, e) {
            Err(errs) => {
                let msgs: Vec<String> = errs.iter().map(|er| er.message(cat)).collect();
                out.lines.push(format!("{label}：填报有误——{}；该年按无数据处理", msgs.join("；")));
                out.errors.extend(errs);
            }
            Ok(r) => {
                d.evidence = e.evidence.as_str();
                d.stage = r.stage;
                d.other = r.other;
                let line = match (ind.kind, ind.entry) {
                    (Kind::Milestone, _) | (_, Entry::Milestone) => {
                        use std::fmt::Write as _;
                        let mut line = String::with_capacity(96);
                        let _ = write!(line, "{label}：");
                        match r.stage {
                            Some(st) => {
                                let _ = write!(line, "阶段“{}”", st.label());
                            }
                            None => line.push_str("未填进展阶段"),
                        }
                        if e.evidence.trim().is_empty() {
                            line.push_str("；未填佐证材料");
                        } else {
                            let _ = write!(line, "；佐证：{}", short(&e.evidence, 60));
                        }
                        line
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
                            .filter(|k| !ind.bodies.is_empty() && !ind.bodies.iter().any(|b| b == k))
                            .collect();
                        d.bodies = r.bodies.clone();
                        d.value = min;
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
                    _ => {
                        d.value = r.value;
                        let mut line = match r.value {
                            None => format!("{label}：未填报数值"),
                            Some(v) if r.derivation == "直接填报" || r.derivation.is_empty() => {
                                format!("{label}：{}{unit}（直接填报）", N(v))
                            }
                            Some(_) => format!("{label}：{}{unit}", r.derivation),
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
                out.lines.push(line);
            }
        }
        out.years.push(d);
    }
    out
}
