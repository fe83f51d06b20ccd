//! The evaluation table, one row per indicator in catalogue order: shared by the CSV and the Excel
//! workbook so both always show the same cells.

use super::workbook::Value;
use crate::catalogue::Catalogue;
use crate::dataset::{resolve, Dataset, Derivation};
use crate::eval::{Evaluation, Status};

/// Column headings: the fixed columns, one per data year of the catalogue, status, warnings, lead unit.
pub fn evaluation_headers(cat: &Catalogue) -> Vec<String> {
    let mut h: Vec<String> =
        ["编号", "规划", "领域", "目标", "指标", "目标值", "单位"].iter().map(|s| s.to_string()).collect();
    h.extend(cat.period.years().map(|y| y.to_string()));
    h.extend(["状态", "预警", "牵头单位"].iter().map(|s| s.to_string()));
    h.extend(COUNT_HEADERS.iter().map(|s| s.to_string()));
    h
}

/// The small-numbers columns after the lead unit: the judged year's counts, the exact limits and the
/// pooled rate (empty unless the rate was entered as counts; limits and pooling for event rates only).
pub const COUNT_HEADERS: [&str; 3] = ["分子/分母（判断年份）", "95%置信区间（事件率）", "近三年合并率"];

/// Column (0-based) of the first year.
pub const FIRST_YEAR_COLUMN: usize = 7;

/// Column (0-based) of the status: after the year columns of the catalogue's period.
pub fn status_column(cat: &Catalogue) -> usize {
    FIRST_YEAR_COLUMN + cat.period.len()
}

/// One row: cells in heading order and the status (for colouring).
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationRow {
    pub cells: Vec<Value>,
    pub status: Option<Status>,
}

/// The rows of the table. Year cells hold the resolved value rounded to two decimals (from the
/// evaluation's series; years after the assessed year are empty); when the evaluation has no result for
/// an indicator, values are resolved from the dataset. Text cells are raw (the CSV neutralises formulas).
pub fn evaluation_rows(cat: &Catalogue, ds: &Dataset, ev: &Evaluation) -> Vec<EvaluationRow> {
    let text = |s: &str| if s.is_empty() { Value::Empty } else { Value::Text(s.to_string()) };
    cat.indicators()
        .into_iter()
        .map(|r| {
            let ind = r.indicator;
            let res = ev.result(&ind.id);
            let mut cells = vec![
                text(&ind.id),
                text(cat.plan_short(r.domain.plan)),
                text(&r.domain.name),
                text(r.goal.text.trim()),
                text(&ind.name),
                text(&ind.target_label(cat.period.base)),
                text(&ind.unit),
            ];
            for y in cat.period.years() {
                let v = match res {
                    Some(res) => res.series.iter().find(|(sy, _)| *sy == y).and_then(|(_, v)| *v),
                    None => ds.entry(&ind.id, y).and_then(|e| resolve(ind, cat.period, y, e).ok()).and_then(|x| x.value),
                };
                // A value typed as such is shown as typed; a computed one (rate, share) by its unit's rule.
                let typed = matches!(
                    res.and_then(|r| r.audit.years.iter().find(|d| d.year == y)).map(|d| d.derivation),
                    Some(Derivation::Direct)
                );
                let shown = |v: f64| if typed { v } else { crate::eval::fmt::round_for_unit(v, &ind.unit) };
                cells.push(v.map(|v| Value::Number(shown(v))).unwrap_or_default());
            }
            cells.push(res.map(|r| text(r.status.label())).unwrap_or_default());
            let warnings: Vec<&str> =
                res.map(|r| r.warnings.iter().map(|w| w.kind.label()).collect()).unwrap_or_default();
            cells.push(text(&warnings.join("；")));
            let lead =
                res.map(|r| r.lead_unit.as_str()).filter(|u| !u.is_empty()).unwrap_or_else(|| ds.lead_unit(ind));
            cells.push(text(lead));
            let counts = res.and_then(|r| r.counts.as_ref());
            cells.push(counts.map(|c| text(&format!("{}年 {}", c.year, c.ratio_text()))).unwrap_or_default());
            cells.push(counts.and_then(|c| c.ci_text(&ind.unit)).map(|t| text(&t)).unwrap_or_default());
            cells.push(counts.and_then(|c| c.pooled_text(&ind.unit)).map(|t| text(&t)).unwrap_or_default());
            EvaluationRow { cells, status: res.map(|r| r.status) }
        })
        .collect()
}
