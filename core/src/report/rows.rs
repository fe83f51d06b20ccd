//! One indicator as a report row: figures against the target, status and a short explanation.

use crate::catalogue::{Catalogue, IndicatorRef, Kind};
use crate::dataset::UnitRole;
use crate::eval::{IndicatorResult, Status, Warning};
use serde::{Deserialize, Serialize};

/// Formats a value with its unit by the unit's rule (`eval::fmt`): "18.5/10万", "92.0%", "3人"; "—" when
/// missing.
pub fn fmt_value(v: Option<f64>, unit: &str) -> String {
    crate::eval::fmt::fmt_figure(v, unit)
}

/// Formats a 达标率 (0–1) as a percentage with one decimal, "—" when nothing is monitorable.
pub fn fmt_rate(rate: Option<f64>) -> String {
    match rate {
        Some(r) if r.is_finite() => format!("{:.1}%", r * 100.0),
        _ => "—（无可监测指标）".to_string(),
    }
}

/// An indicator in the report: target, figures, status and short explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub id: String,
    pub name: String,
    /// Domain id, e.g. "W1".
    pub domain: String,
    /// Verbatim clause of the target line.
    pub clause: String,
    /// Target in words, e.g. "≤ 20/10万".
    pub target_label: String,
    pub unit: String,
    pub lead_unit: String,
    /// In a unit's report: whether the unit leads (牵头) or co-operates (配合); None for the whole district.
    #[serde(default)]
    pub role: Option<UnitRole>,
    pub base: Option<f64>,
    pub latest: Option<f64>,
    pub latest_year: Option<u16>,
    /// Value per year base..=assessed year.
    pub series: Vec<(u16, Option<f64>)>,
    pub target: Option<f64>,
    pub projection: Option<f64>,
    pub status: Status,
    pub warnings: Vec<Warning>,
    /// Base-year value as text ("—" when missing; the stage for milestones), "62.5%（上一期终期值）" when carried.
    pub base_text: String,
    /// Latest figure as text with its year and, for a rate entered as counts, the counts beside it, e.g.
    /// "2024年 18.5/10万（3/16200）", or "无数据".
    pub latest_text: String,
    /// For a rate entered as counts: the judged year's counts, exact limits and pooled rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<crate::eval::Counts>,
    /// Short explanation, e.g. "2024年 18.5/10万（2020年 25/10万），目标 ≤ 20/10万，提前实现".
    pub summary: String,
    /// For 无数据: why (from the evaluation); empty otherwise.
    pub no_data_reason: String,
    /// 指标解释 from the catalogue, for the report's appendix: what is counted (definition), how (formula) and
    /// from where (source); empty for milestones.
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub formula: String,
    #[serde(default)]
    pub source: String,
    /// Milestones: the evidence that shows each stage (佐证材料要求); empty for measurable indicators.
    #[serde(default)]
    pub evidence_hint: String,
}

impl IndicatorRow {
    /// `cat` is the catalogue of the evaluation (for the 无数据 reason from the explanation).
    pub fn new(cat: &Catalogue, r: &IndicatorRef<'_>, res: &IndicatorResult) -> IndicatorRow {
        IndicatorRow::with_carried_base(cat, r, res, false)
    }

    /// [`IndicatorRow::new`]; with `carried_base` (the base-year value was carried from the previous period,
    /// `carry::carried_year`) the base value is quoted as "62.5%（上一期终期值）".
    pub fn with_carried_base(cat: &Catalogue, r: &IndicatorRef<'_>, res: &IndicatorResult, carried_base: bool) -> IndicatorRow {
        let ind = r.indicator;
        let unit = ind.unit.as_str();
        let milestone = ind.kind == Kind::Milestone;
        let period = cat.period;
        let stage_at = |y: u16| res.stages.iter().find(|s| s.0 == y).map(|s| s.1.label().to_string());
        let base_text = if milestone {
            stage_at(period.base).unwrap_or_else(|| "—".to_string())
        } else {
            fmt_value(res.base, unit)
        };
        let carried_note = if carried_base && base_text != "—" { "上一期终期值" } else { "" };
        let latest_text = if milestone {
            match res.stages.last() {
                Some((y, s)) => format!("{y}年 {}", s.label()),
                None => "无数据".to_string(),
            }
        } else {
            match (res.latest, res.latest_year) {
                (Some(v), Some(y)) => {
                    let counts = res.counts.as_ref().filter(|c| c.year == y);
                    let beside = counts.map(|c| format!("（{}）", c.ratio_text())).unwrap_or_default();
                    format!("{y}年 {}{beside}", fmt_value(Some(v), unit))
                }
                _ => "无数据".to_string(),
            }
        };
        let no_data_reason = if res.status == Status::NoData {
            res.explanation(cat)
                .iter()
                .rev()
                .find_map(|l| l.strip_prefix("结论：无数据（").map(|s| s.trim_end_matches('）').to_string()))
                .unwrap_or_else(|| "没有可用于判断的数据".to_string())
        } else {
            String::new()
        };
        let mut summary = if res.status == Status::NoData && latest_text == "无数据" {
            String::new()
        } else {
            latest_text.clone()
        };
        if !milestone && res.base.is_some() && res.latest_year != Some(period.base) {
            let note = if carried_note.is_empty() { String::new() } else { format!("，{carried_note}") };
            summary.push_str(&format!("（{}年 {base_text}{note}）", period.base));
        }
        if !summary.is_empty() {
            summary.push('，');
        }
        let target_label = ind.target_label(period.base);
        summary.push_str(&format!("目标 {target_label}"));
        match (res.target, ind.kind) {
            (Some(t), Kind::Relative) => summary.push_str(&format!("（即 {}）", fmt_value(Some(t), unit))),
            // 比基数年提高2个百分点（即 ≥ 52.0%）; 每年降低1个百分点以上（即2025年 ≤ 15.0%，逐年计）.
            (Some(t), Kind::Points) => {
                let op = if ind.value.is_some_and(|v| v < 0.0) { "≤" } else { "≥" };
                summary.push_str(&format!("（即 {op} {}）", fmt_value(Some(t), unit)));
            }
            (Some(t), Kind::PointsPerYear) => {
                let op = if ind.value.is_some_and(|v| v < 0.0) { "≤" } else { "≥" };
                summary.push_str(&format!("（即{}年 {op} {}，逐年计）", period.last, fmt_value(Some(t), unit)));
            }
            _ => {}
        }
        if !res.bodies_short.is_empty() {
            summary.push_str(&format!("，未达到：{}", res.bodies_short.join("、")));
        }
        if !res.bodies_missing.is_empty() {
            summary.push_str(&format!("，未填报：{}", res.bodies_missing.join("、")));
        }
        if res.status == Status::NoData {
            summary.push_str(&format!("；无数据（{no_data_reason}）"));
        } else {
            summary.push_str(&format!("，{}", res.status.label()));
        }
        // Every 退步 names the year it is measured against (the warning's sentence does).
        if res.status == Status::Regress {
            if let Some(w) = res.warnings.iter().find(|w| w.kind == crate::eval::WarningKind::Regress) {
                summary.push_str(&format!("（{}）", w.reason));
            }
        }
        if let Some(c) = res.counts.as_ref() {
            if let Some(ci) = c.ci_text(unit) {
                summary.push_str(&format!("；95%置信区间 {ci}"));
            }
            if c.unstable {
                summary.push_str(&format!("；事件数少于 {}，数据不稳定", crate::catalogue::fmt_num(c.min_events)));
            }
            if let (crate::eval::Basis::Pooled, Some(p)) = (c.basis, c.pooled_text(unit)) {
                summary.push_str(&format!("；合并率 {p}"));
            }
        }
        if let Some(p) = res.projection {
            summary.push_str(&format!("；预计{}年 {}", period.last, fmt_value(Some(p), unit)));
        }
        IndicatorRow {
            id: ind.id.clone(),
            name: ind.name.clone(),
            domain: r.domain.id.clone(),
            clause: ind.clause.clone(),
            target_label,
            unit: ind.unit.clone(),
            lead_unit: res.lead_unit.clone(),
            role: None,
            base: res.base,
            latest: res.latest,
            latest_year: res.latest_year,
            series: res.series.clone(),
            target: res.target,
            projection: res.projection,
            status: res.status,
            warnings: res.warnings.clone(),
            counts: res.counts.clone(),
            base_text: if carried_note.is_empty() { base_text } else { format!("{base_text}（{carried_note}）") },
            latest_text,
            summary,
            no_data_reason,
            definition: ind.definition.clone(),
            formula: ind.formula.clone(),
            source: ind.source.clone(),
            evidence_hint: ind.evidence_hint.clone(),
        }
    }
}
