//! Evaluation of one indicator: resolve the series, apply the rule of its kind, compute progress
//! measures and warnings. The same code writes the audit trail when an explanation is rendered
//! (`explain`); during evaluation the trail is off and no text is formatted.

use super::criterion::Level;
use super::fmt::{join, F2, N, U};
use super::judged::Pct;
use super::plain;
use super::progress;
use super::judged::{years_text, Ctx};
use super::rules;
use super::series::{earlier_points, resolve_series, year_lines, Series, YearData};
use super::trail::Trail;
use super::small::{self, Basis};
use super::warnings::volatility;
use super::{Audit, Explained, IndicatorResult, Status, Warning, WarningKind};
use crate::catalogue::{Catalogue, Indicator, Kind, Stage};
use crate::dataset::{Dataset, YearEntry};
use std::collections::BTreeMap;

/// Evaluates one indicator as of `year` (clamped to the catalogue's data years). Never panics on any entry text.
pub fn evaluate_indicator(
    cat: &Catalogue,
    ind: &Indicator,
    data: &Dataset,
    year: u16,
) -> IndicatorResult {
    evaluate_entries(cat, ind, data, data.data.get(&ind.id), year)
}

/// `evaluate_indicator` with the indicator's entries already looked up in `data`.
pub(crate) fn evaluate_entries(
    cat: &Catalogue,
    ind: &Indicator,
    data: &Dataset,
    entries: Option<&BTreeMap<u16, YearEntry>>,
    year: u16,
) -> IndicatorResult {
    let year = cat.period.clamp(year);
    let band = data
        .settings
        .get(&ind.id)
        .and_then(|s| s.band)
        .filter(|b| b.is_finite())
        .or(ind.band);
    let mut series = resolve_series(ind, cat.period, entries, year);
    series.earlier = earlier_points(cat, ind, entries);
    let lead_unit = data.lead_unit(ind).to_string();
    assess(cat, ind, year, band, series, lead_unit, &mut Trail::off())
}

/// The audit trail of a result, rendered by assessing its stored years again with the trail on.
pub(crate) fn explain(cat: &Catalogue, ind: &Indicator, res: &IndicatorResult) -> Explained {
    let mut series = Series::new(
        res.audit.years.clone(),
        res.errors.clone(),
        res.audit.evidence.clone(),
    );
    series.earlier = res.audit.earlier.clone();
    let mut t = Trail::on();
    let again = assess(
        cat,
        ind,
        res.year,
        res.audit.band,
        series,
        res.lead_unit.clone(),
        &mut t,
    );
    if again.status != res.status {
        t.push(|| {
            format!(
                "注意：按当前目录重新计算得到“{}”，与保存的结果“{}”不同（目录或默认参数已变化）",
                again.status.label(),
                res.status.label()
            )
        });
    }
    let (said, working) = t.into_parts();
    Explained { plain: said.last().cloned().unwrap_or_default(), working }
}

/// Header lines: the indicator, its kind, target and the assessed year; the clause and interpretation.
fn header(ind: &Indicator, base: u16, year: u16, t: &mut Trail) {
    t.push(|| {
        join(&[
            "指标：",
            &ind.name,
            "（",
            &ind.id,
            "）；类型：",
            ind.kind.label(),
            "；目标：",
            &ind.target_label(base),
            "；评估年份：",
            &year.to_string(),
            "年",
        ])
    });
    if !ind.clause.is_empty() {
        t.push(|| join(&["目标原文：", &ind.clause]));
    }
    if !ind.interpretation.is_empty() {
        t.push(|| join(&["口径说明：", &ind.interpretation]));
    }
}

/// Applies the rules to a resolved series; `band` is the band in effect (user setting, else the
/// indicator's). Writes the audit trail into `t` when it is on.
fn assess(
    cat: &Catalogue,
    ind: &Indicator,
    year: u16,
    band: Option<f64>,
    series: Series,
    lead_unit: String,
    t: &mut Trail,
) -> IndicatorResult {
    let period = cat.period;
    let ctx = Ctx {
        ind,
        year,
        period,
        defaults: &cat.defaults,
        band,
    };
    header(ind, period.base, year, t);
    year_lines(cat, ind, &series, t);
    let mut j = rules::judge(&ctx, &series, std::mem::take(t));
    *t = std::mem::take(&mut j.lines);
    let numeric = !matches!(ind.kind, Kind::Milestone | Kind::CountPerBody);
    let single = j.status.unwrap_or(Status::NoData);
    // Small numbers: the counts of the judged year, the second judgement on the pooled rate, and the rule
    // that says which one the status follows (`small::basis`).
    let mut counts = match (numeric, j.latest, single) {
        (true, Some((ly, _)), st) if st != Status::NoData => small::counts_of(ind, &cat.defaults, &series, ly),
        _ => None,
    };
    let mut status = single;
    // The pooled judgement (when there is one): its 退步 and 未持续保持 replace the single year's when the
    // status follows it.
    let mut pooled_judged = None;
    if let Some(c) = counts.as_mut() {
        if let Some(mut p) = c.pooled.take() {
            let mut again = rules::judge(&ctx, &small::pooled_series(&series, c, &p), Trail::off());
            if let Some(test) = again.chance.as_mut() {
                test.from = p.years.first().copied();
            }
            p.status = again.status.unwrap_or(Status::NoData);
            c.pooled = Some(p);
            pooled_judged = Some(again);
        }
        c.basis = small::basis(c);
        if c.basis == Basis::Pooled {
            t.relabel_last("结论：", "单年判断：");
        }
        for line in small::lines(ind, c) {
            t.push(|| line);
        }
        if let (Basis::Pooled, Some(p)) = (c.basis, &c.pooled) {
            status = p.status;
            t.push(|| {
                format!(
                    "判断依据：{}年{} {} 少于最少例数门槛 {}，以合并率的判断为准（小数字规则）",
                    c.year,
                    small::names(ind).0,
                    N(c.numerator),
                    N(c.min_events)
                )
            });
            if let Some(test) = pooled_judged.as_ref().and_then(|a| a.chance) {
                t.push(|| format!("合并率的{}", test.working(&ctx)));
            }
            t.push(|| join(&["结论：", status.label()]));
        }
    }
    if let (Some(again), Some(Basis::Pooled)) = (pooled_judged, counts.as_ref().map(|c| c.basis)) {
        j.regressed = again.regressed;
        j.not_held = again.not_held;
        j.chance = again.chance;
    }
    let pts = series.points();
    let base = series.base(period.base);

    let mut warnings = Vec::new();
    let expected = period.expected(year);
    let mut cs = None;
    let mut projection = None;
    let mut projection_method = String::new();
    let mut ap = None;
    let tol = ctx.tol();
    // 波动较大 first: the projection leaves out one-year spikes. Its lines follow the projection's.
    let mut swing_lines = t.like();
    let swings = if numeric {
        let events = ind.counts_events();
        let counts_of = |y: u16| {
            if !events {
                return None;
            }
            series.years.iter().find(|d| d.year == y).and_then(small::year_counts)
        };
        volatility(pts, &counts_of, &mut swing_lines)
    } else {
        Default::default()
    };
    let kept: Vec<(u16, f64)>;
    let proj_pts = if swings.spikes.is_empty() {
        pts
    } else {
        kept = pts.iter().copied().filter(|p| !swings.spikes.contains(&p.0)).collect();
        &kept[..]
    };
    // The 上一期 years carried from the previous period lengthen the trend (they are not judged).
    let with_earlier: Vec<(u16, f64)>;
    let proj_pts = if series.earlier.is_empty() {
        proj_pts
    } else {
        with_earlier = series.earlier.iter().chain(proj_pts).copied().collect();
        &with_earlier[..]
    };
    let spike_note = if swings.spikes.is_empty() {
        String::new()
    } else {
        format!("（剔除异常年份{}年）", years_text(&swings.spikes))
    };

    if numeric && status != Status::NoData {
        if let (true, Some(crit), Some((_, lv))) = (j.cs, j.criterion, j.latest) {
            match progress::ratio(lv, base, &crit, tol) {
                Ok(r) => {
                    cs = Some(r.r);
                    t.push(|| {
                        format!(
                            "现状指数 CS = (最新值 − 基数) ÷ (目标值 − 基数) = {r}；应达进度 = ({year} − {}) ÷ {} = {}",
                            period.base,
                            period.span(),
                            F2(expected)
                        )
                    });
                }
                Err(why) => t.push(|| why.text("现状指数 CS", period.base)),
            }
        }
        let last = period.last;
        if !series.earlier.is_empty() && year < last {
            t.push(|| {
                let ys: Vec<String> = series.earlier.iter().map(|(y, v)| format!("{y}年 {}{}", N(*v), ind.unit)).collect();
                format!("上一期数据（用于预测）：{}", ys.join("，"))
            });
        }
        match progress::project(ind, period, proj_pts) {
            Ok(proj) if year < last => {
                let p = proj.value;
                projection = Some(p);
                projection_method = join(&[proj.method, &spike_note]);
                t.push(|| {
                    format!(
                        "预测（{}{spike_note}）：{proj}；{last}年预测值 {}{}",
                        proj.method,
                        N(p),
                        ind.unit
                    )
                });
                if let (true, Some(crit)) = (j.cs, j.criterion) {
                    match progress::ratio(p, base, &crit, tol) {
                        Ok(r) => {
                            ap = Some(r.r);
                            t.push(|| format!("预期进度 AP = (预测值 − 基数) ÷ (目标值 − 基数) = {r}"));
                        }
                        Err(why) => t.push(|| why.text("预期进度 AP", period.base)),
                    }
                }
                // 预计达标困难.
                let miss = if let Some(crit) = j.criterion {
                    (crit.level(p, tol) != Level::Met).then(|| {
                        format!(
                            "按近年趋势，预计{last}年为 {}，达不到目标 {}",
                            U(p, &ind.unit),
                            crit.describe(&ind.unit)
                        )
                    })
                } else if let Some((sg, rv)) = j.trend_goal {
                    (sg * (p - rv) <= 0.0).then(|| {
                        format!(
                            "按近年趋势，预计{last}年为 {}，不比参照值 {} 好",
                            U(p, &ind.unit),
                            U(rv, &ind.unit)
                        )
                    })
                } else {
                    None
                };
                if let Some(reason) = miss {
                    t.push(|| format!("预警：{reason}"));
                    let working = format!(
                        "预测方法：{}{spike_note}；{proj}；{last}年预测值 {}{}",
                        proj.method,
                        N(p),
                        ind.unit
                    );
                    warnings.push(Warning {
                        kind: WarningKind::HardToReach,
                        reason,
                        working,
                    });
                }
            }
            Ok(_) => {}
            Err(why) => {
                if year < last {
                    t.push(|| why.to_string());
                }
            }
        }
    }
    t.extend(swing_lines);
    for (reason, working) in swings.reasons {
        t.push(|| format!("预警（波动较大）：{working}"));
        warnings.push(Warning {
            kind: WarningKind::Volatile,
            reason,
            working,
        });
    }
    if let Some((reason, working)) = counts.as_ref().and_then(|c| small::warning(ind, c, single)) {
        t.push(|| format!("预警（数据不稳定）：{working}"));
        warnings.push(Warning {
            kind: WarningKind::Unstable,
            reason,
            working,
        });
    }
    if t.is_on() {
        let said = plain::sentence(&ctx, status, &j, &series, counts.as_ref(), t.said());
        t.say(|| said);
    }
    if let Some(reason) = j.regressed.take() {
        let working = match j.chance {
            Some(test) => test.working(&ctx),
            None => format!("规则：未达到目标，且较参照年份向目标相反方向变化超过最小变化幅度（{}）", Pct(ctx.min_change())),
        };
        warnings.push(Warning {
            kind: WarningKind::Regress,
            reason,
            working,
        });
    }
    if let Some(reason) = j.not_held.take() {
        let working = if ind.kind == Kind::PointsPerYear {
            format!(
                "规则：自{}年起每年较上一年{}至少{}{}（两年都有数据的年份逐年计）。未达到的年份：{}",
                period.base,
                ind.change_word(ind.value.is_some_and(|v| v > 0.0)),
                crate::catalogue::fmt_num(ind.value.unwrap_or_default().abs()),
                ind.points_unit(),
                years_text(&j.broken_years)
            )
        } else {
            format!(
                "规则：保持类目标规划期内每个有数据的年份都须达到目标；逐年提高（下降）类不得较上一个有数据年份反向变化；保持稳定并有所提高类不得低于基数。未保持的年份：{}",
                years_text(&j.broken_years)
            )
        };
        warnings.push(Warning { kind: WarningKind::NotHeld, working, reason });
    }
    if !series.errors.is_empty() {
        t.push(|| format!("有{}处填报错误，相关年份按无数据处理", series.errors.len()));
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
        errors: series.errors,
        lead_unit,
        stages: stages(&series.years),
        bodies_missing: j.bodies_missing,
        bodies_short: j.bodies_short,
        counts,
        spikes: swings.spikes,
        audit: Audit {
            band,
            years: series.years,
            evidence: series.evidence,
            earlier: series.earlier,
        },
    }
}

/// The entered stage per year, sized exactly (no regrowth for 5–6 stages).
fn stages(years: &[YearData]) -> Vec<(u16, Stage)> {
    let mut out = Vec::with_capacity(years.iter().filter(|d| d.stage.is_some()).count());
    out.extend(years.iter().filter_map(|d| Some((d.year, d.stage?))));
    out
}
