//! Evaluation of one indicator: resolve the series, apply the rule of its kind, compute progress
//! measures and warnings, and write the audit trail.

use super::criterion::Level;
use super::fmt::{join, year_text, F2, N};
use super::progress;
use super::rules::{self, Ctx};
use super::series::resolve_series;
use super::warnings::volatility;
use super::{IndicatorResult, Status, Warning, WarningKind};
use crate::catalogue::{Catalogue, Indicator, Kind};
use crate::dataset::{Dataset, BASE_YEAR, FINAL_YEAR};

/// Evaluates one indicator as of `year` (clamped to 2020–2025). Never panics on any entry text.
pub fn evaluate_indicator(
    cat: &Catalogue,
    ind: &Indicator,
    data: &Dataset,
    year: u16,
) -> IndicatorResult {
    let year = year.clamp(BASE_YEAR, FINAL_YEAR);
    let settings = data.settings.get(&ind.id);
    let ctx = Ctx {
        ind,
        year,
        defaults: &cat.defaults,
        band: settings
            .and_then(|s| s.band)
            .filter(|b| b.is_finite())
            .or(ind.band),
    };
    let mut explanation = Vec::with_capacity(24);
    let target_label = ind.target_label();
    explanation.push(join(&[
        "指标：",
        &ind.name,
        "（",
        &ind.id,
        "）；类型：",
        ind.kind.label(),
        "；目标：",
        &target_label,
        "；评估年份：",
        &year_text(year),
    ]));
    if !ind.clause.is_empty() {
        explanation.push(join(&["目标原文：", &ind.clause]));
    }
    if !ind.interpretation.is_empty() {
        explanation.push(join(&["口径说明：", &ind.interpretation]));
    }
    let series = resolve_series(cat, ind, data, year, &mut explanation);
    let mut j = rules::judge(&ctx, &series, explanation);
    let mut explanation = std::mem::take(&mut j.lines);
    let status = j.status.unwrap_or(Status::NoData);
    let pts = series.points();
    let base = series.base();

    let mut warnings = Vec::new();
    let expected = f64::from(year - BASE_YEAR) / 5.0;
    let mut cs = None;
    let mut projection = None;
    let mut projection_method = String::new();
    let mut ap = None;
    let numeric = !matches!(ind.kind, Kind::Milestone | Kind::CountPerBody);
    let tol = ctx.tol();

    if numeric && status != Status::NoData {
        if let (true, Some(crit), Some((_, lv))) = (j.cs, j.criterion, j.latest) {
            match progress::ratio("CS", lv, base, &crit, tol) {
                Ok((v, text)) => {
                    cs = Some(v);
                    explanation.push(format!(
                        "CS = {text}；应达进度 = ({year} − 2020) ÷ 5 = {}",
                        F2(expected)
                    ));
                }
                Err(why) => explanation.push(why),
            }
        }
        match progress::project(ind, &pts) {
            Ok((p, method, detail)) if year < FINAL_YEAR => {
                projection = Some(p);
                projection_method = method.to_string();
                explanation.push(format!(
                    "预测（{method}）：{detail}；2025年预测值 {}{}",
                    N(p),
                    ind.unit
                ));
                if let (true, Some(crit)) = (j.cs, j.criterion) {
                    match progress::ratio("AP", p, base, &crit, tol) {
                        Ok((v, text)) => {
                            ap = Some(v);
                            explanation.push(format!("AP = {text}"));
                        }
                        Err(why) => explanation.push(why),
                    }
                }
                // 预计达标困难.
                let miss = if let Some(crit) = j.criterion {
                    (crit.level(p, tol) != Level::Met).then(|| {
                        format!(
                            "按趋势预计2025年为 {}{}，达不到目标 {}",
                            N(p),
                            ind.unit,
                            crit.describe(&ind.unit)
                        )
                    })
                } else if let Some((sg, rv)) = j.trend_goal {
                    (sg * (p - rv) <= 0.0).then(|| {
                        format!(
                            "按趋势预计2025年为 {}{}，未比参照值 {} 改善",
                            N(p),
                            ind.unit,
                            N(rv)
                        )
                    })
                } else {
                    None
                };
                if let Some(reason) = miss {
                    explanation.push(format!("预警：{reason}"));
                    warnings.push(Warning {
                        kind: WarningKind::HardToReach,
                        reason,
                    });
                }
            }
            Ok(_) => {}
            Err(why) => {
                if year < FINAL_YEAR {
                    explanation.push(why);
                }
            }
        }
    }
    if numeric {
        for reason in volatility(&pts) {
            explanation.push(format!("预警（波动较大）：{reason}"));
            warnings.push(Warning {
                kind: WarningKind::Volatile,
                reason,
            });
        }
    }
    if let Some(reason) = j.regressed.take() {
        warnings.push(Warning {
            kind: WarningKind::Regress,
            reason,
        });
    }
    if let Some(reason) = j.not_held.take() {
        warnings.push(Warning {
            kind: WarningKind::NotHeld,
            reason,
        });
    }
    if !series.errors.is_empty() {
        explanation.push(format!(
            "有{}处填报错误，相关年份按无数据处理",
            series.errors.len()
        ));
    }

    IndicatorResult {
        id: ind.id.clone(),
        year,
        status,
        base,
        latest: j.latest.map(|l| l.1),
        latest_year: j.latest.map(|l| l.0),
        series: series.years.iter().map(|d| (d.year, d.value)).collect(),
        target: j.target,
        band: j.band,
        cs,
        expected,
        projection,
        projection_method,
        ap,
        warnings,
        broken_years: j.broken_years,
        explanation,
        errors: series.errors,
        lead_unit: data.lead_unit(ind).to_string(),
        stages: series
            .years
            .iter()
            .filter_map(|d| Some((d.year, d.stage?)))
            .collect(),
        bodies_missing: j.bodies_missing,
        bodies_short: j.bodies_short,
    }
}
