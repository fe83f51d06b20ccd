//! Attainment rules per kind (see the module documentation in `eval/mod.rs` for the full rule text).

use super::chance::change_test;
use super::criterion::{eps, Criterion, Level};
use super::fmt::{diff_unit, join, N, U};
use super::judged::{reference_of, years_text, Ctx, Judged, Pct};
use super::series::{Series, YearData};
use super::trail::Trail;
use super::Status;
use crate::catalogue::{Kind, Op, Stage};

/// Applies the rule of the indicator's kind; `lines` (the explanation so far) is continued in `Judged::lines`.
pub(crate) fn judge(ctx: &Ctx, s: &Series, lines: Trail) -> Judged {
    let j = Judged {
        lines,
        ..Default::default()
    };
    let ind = ctx.ind;
    match ind.kind {
        Kind::Min | Kind::Max => {
            let Some(t) = ind.value else {
                return j.no_data("目录未给出目标值");
            };
            let op = ind.op.unwrap_or(if ind.kind == Kind::Min {
                Op::Ge
            } else {
                Op::Le
            });
            let crit = if op == Op::Approx {
                let b = approx_band(ctx);
                Criterion::Band {
                    lo: t - b,
                    hi: t + b,
                }
            } else {
                Criterion::Threshold { op, target: t }
            };
            fixed_into(ctx, s, crit, Some(t), j)
        }
        Kind::Approx => {
            let Some(t) = ind.value else {
                return j.no_data("目录未给出目标值");
            };
            let b = approx_band(ctx);
            let mut j = j;
            j.lines.push(|| {
                format!(
                    "“左右”带宽 ±{}{}（{}）",
                    N(b),
                    diff_unit(ctx.unit()),
                    band_source(ctx)
                )
            });
            fixed_into(
                ctx,
                s,
                Criterion::Band {
                    lo: t - b,
                    hi: t + b,
                },
                Some(t),
                j,
            )
        }
        Kind::Relative => relative(ctx, s, j),
        Kind::Balance => {
            let (lo, hi) = match ctx.band {
                Some(b) => (50.0 - b.abs(), 50.0 + b.abs()),
                None => (ctx.defaults.balance_low, ctx.defaults.balance_high),
            };
            let mut j = j;
            j.lines.push(|| {
                let src = match ctx.band {
                    Some(b) => format!("50% ± {}", N(b.abs())),
                    None => "默认均衡区间".to_string(),
                };
                format!("均衡：女性占比须在 {}%–{}% 之间（{src}）", N(lo), N(hi))
            });
            let mut j = fixed_into(ctx, s, Criterion::Band { lo, hi }, None, j);
            j.cs = false;
            j
        }
        Kind::Relational => relational(ctx, s, j),
        Kind::CountPerBody => per_body(ctx, s, j),
        Kind::Directional => super::directional::judge(ctx, s, j),
        Kind::Milestone => milestone(ctx, s, j),
        Kind::Points => match super::points::relative(ctx, s, j) {
            Ok((crit, t, j)) => fixed_into(ctx, s, crit, Some(t), j),
            Err(j) => j,
        },
        Kind::PointsPerYear => super::points::per_year(ctx, s, j),
    }
}

fn approx_band(ctx: &Ctx) -> f64 {
    ctx.band.unwrap_or(ctx.defaults.approx_band).abs()
}

fn band_source(ctx: &Ctx) -> &'static str {
    if ctx.band.is_some() {
        "指标设置"
    } else {
        "默认带宽"
    }
}

pub(crate) fn fixed_into(
    ctx: &Ctx,
    s: &Series,
    crit: Criterion,
    target: Option<f64>,
    mut j: Judged,
) -> Judged {
    j.criterion = Some(crit);
    j.cs = true;
    j.target = target;
    if let Criterion::Band { lo, hi } = crit {
        j.band = Some((lo, hi));
    }
    threshold(ctx, s, &|_| Some(crit), j)
}

fn relative(ctx: &Ctx, s: &Series, mut j: Judged) -> Judged {
    let ind = ctx.ind;
    let Some(change) = ind.value else {
        return j.no_data("目录未给出变化幅度");
    };
    let base_year = ctx.period.base;
    let Some(base) = s.base(base_year) else {
        return j.no_data(format!("缺少{base_year}年基数，无法计算相对目标值"));
    };
    let t = base * (1.0 + change / 100.0);
    let op = match ind.op {
        Some(op) if op != Op::Approx => op,
        _ if change < 0.0 => Op::Le,
        _ => Op::Ge,
    };
    j.lines.push(|| {
        format!(
            "目标值 = {base_year}年基数 × (1 {} {}%) = {} × {} = {}{}",
            if change < 0.0 { "−" } else { "+" },
            N(change.abs()),
            N(base),
            N(1.0 + change / 100.0),
            N(t),
            ctx.unit()
        )
    });
    fixed_into(ctx, s, Criterion::Threshold { op, target: t }, Some(t), j)
}

/// The criterion of a year (relational targets depend on the year's `other` value).
type CritOf<'a> = dyn Fn(&YearData) -> Option<Criterion> + 'a;

fn relational(ctx: &Ctx, s: &Series, mut j: Judged) -> Judged {
    let op = ctx.ind.op.unwrap_or(Op::Ge);
    let what = ctx.ind.compare_with.as_deref().unwrap_or("比较值");
    let unit = ctx.unit();
    let crit_of: Box<CritOf<'_>> = if op == Op::Approx {
        // 相适应/左右: within the approx band of the other value.
        let b = approx_band(ctx);
        j.lines.push(|| {
            format!(
                "规则：指标值与同年{what}相差不超过 ±{}{}（{}，含端点）",
                N(b),
                diff_unit(unit),
                band_source(ctx)
            )
        });
        Box::new(move |d: &YearData| {
            d.other.map(|o| Criterion::Band {
                lo: o - b,
                hi: o + b,
            })
        })
    } else {
        j.lines
            .push(|| format!("规则：指标值 {} 同年{what}", op.symbol()));
        Box::new(move |d: &YearData| d.other.map(|o| Criterion::Threshold { op, target: o }))
    };
    let mut j = threshold(ctx, s, &*crit_of, j);
    if let Some((ly, _)) = j.latest {
        if let Some(d) = s.years.iter().find(|d| d.year == ly) {
            j.target = d.other;
            if op == Op::Approx {
                j.band = crit_of(d).map(|c| match c {
                    Criterion::Band { lo, hi } => (lo, hi),
                    Criterion::Threshold { target, .. } => (target, target),
                });
            }
        }
    }
    j
}

/// The common threshold/band judgement (with every_year, 基本实现 tolerance and 退步).
fn threshold(ctx: &Ctx, s: &Series, crit_of: &CritOf<'_>, mut j: Judged) -> Judged {
    let unit = ctx.unit();
    let tol = ctx.tol();
    // Points with a value and a criterion (relational needs the year's other value).
    let pts: Vec<(u16, f64, Criterion)> = s
        .years
        .iter()
        .filter_map(|d| Some((d.year, d.value?, crit_of(d)?)))
        .collect();
    if let Some(c) = j.criterion {
        j.lines.push(|| {
            format!(
                "规则：{}；基本实现：{}（容差 {}）",
                c.describe(unit),
                c.describe_basic(unit, tol),
                Pct(tol)
            )
        });
    }
    let Some(&(ly, lv, lc)) = pts.last() else {
        return j.no_data(format_args!("截至{}年没有可用于判断的数据", ctx.year));
    };
    j.latest = Some((ly, lv));
    let level = lc.level(lv, tol);
    j.lines.push(|| {
        let when = if ly < ctx.year {
            format!("（{}年无数据，取最近的{}年）", ctx.year, ly)
        } else {
            String::new()
        };
        format!(
            "最新值：{ly}年 {}{unit}{when}，对照 {} → {}",
            N(lv),
            lc.describe(unit),
            level.label()
        )
    });
    if ctx.ind.every_year {
        j.broken_years = pts
            .iter()
            .filter(|(y, v, c)| ctx.period.is_plan_year(*y) && c.level(*v, tol) != Level::Met)
            .map(|(y, _, _)| *y)
            .collect();
        if j.broken_years.is_empty() {
            let plan_years = pts.iter().filter(|p| ctx.period.is_plan_year(p.0)).count();
            j.lines
                .push(|| format!("保持类目标：规划期内有数据的{plan_years}个年份均达到"));
        } else {
            let ys = years_text(&j.broken_years);
            j.lines.push(|| format!("保持类目标：{ys}年未达到目标"));
            j.not_held = Some(format!("保持类目标在{ys}年未达到"));
        }
    }
    // Reference for 退步: the base year, else the earliest point.
    let mut ref_lines = j.lines.like();
    let first = pts.first().map(|p| (p.0, p.1));
    let reference = reference_of(ctx.period.base, first, pts.len(), &mut ref_lines).filter(|r| r.0 < ly);
    let mut worse = reference.and_then(|(ry, rv)| {
        let rc = pts.iter().find(|p| p.0 == ry).map(|p| p.2)?;
        let delta = lc.shortfall(lv) - rc.shortfall(rv);
        (delta > ctx.min_change() * rv.abs() + eps(rv)).then_some((ry, rv))
    });
    // An event rate's worsening must be beyond chance.
    if let Some(test) = worse.and_then(|r| change_test(ctx, s, r, ly)) {
        j.chance = Some(test);
        if test.within_chance() {
            j.lines.extend(std::mem::replace(&mut ref_lines, j.lines.like()));
            j.lines.push(|| test.working(ctx));
            worse = None;
        }
    }
    if let Some((ry, rv)) = worse {
        j.lines.extend(ref_lines);
        let msg = format!(
            "{ly}年 {} 较{ry}年的 {} 向目标相反方向变化",
            U(lv, unit),
            U(rv, unit)
        );
        j.lines.push(|| msg.clone());
        if let Some(test) = j.chance {
            j.lines.push(|| test.working(ctx));
        }
        j.regressed = Some(msg);
    }
    if ctx.ind.kind == Kind::Points {
        super::points::gap_line(ctx, s, (ly, lv), &mut j.lines);
    }
    let status = match level {
        Level::Met if ctx.ind.every_year && j.broken_years.iter().any(|y| *y < ly) => {
            j.lines
                .push(|| "最新值达到目标，但以前年份曾未保持 → 基本实现".into());
            Status::Basic
        }
        Level::Met => ctx.met(&mut j.lines),
        Level::Basic => Status::Basic,
        Level::Miss if worse.is_some() => Status::Regress,
        Level::Miss => Status::Gap,
    };
    j.lines.push(|| join(&["结论：", status.label()]));
    j.status = Some(status);
    j
}

fn per_body(ctx: &Ctx, s: &Series, mut j: Judged) -> Judged {
    let ind = ctx.ind;
    let unit = ctx.unit();
    let Some(n) = ind.value else {
        return j.no_data("目录未给出每单位配备数");
    };
    j.target = Some(n);
    j.lines.push(|| {
        format!(
            "规则：{}每个至少 {}{unit}（含本数；计数类不设基本实现容差）",
            if ind.bodies.is_empty() {
                "填报的单位".to_string()
            } else {
                ind.bodies.join("、")
            },
            N(n)
        )
    });
    let Some(d) = s.years.iter().rev().find(|d| !d.bodies.is_empty()) else {
        return j.no_data(format_args!("截至{}年未填报各单位配备数", ctx.year));
    };
    let listed: Vec<&String> = if ind.bodies.is_empty() {
        d.bodies.keys().collect()
    } else {
        ind.bodies.iter().collect()
    };
    let ok = |d: &YearData, b: &str| d.bodies.get(b).is_some_and(|v| *v >= n - eps(n));
    j.bodies_short = listed
        .iter()
        .filter(|b| d.bodies.get(b.as_str()).is_some_and(|v| *v < n - eps(n)))
        .map(|b| b.to_string())
        .collect();
    j.bodies_missing = listed
        .iter()
        .filter(|b| !d.bodies.contains_key(b.as_str()))
        .map(|b| b.to_string())
        .collect();
    if let Some(v) = d.value {
        j.latest = Some((d.year, v));
    }
    j.lines.push(|| format!("判断年份：{}年", d.year));
    if !j.bodies_short.is_empty() {
        j.lines
            .push(|| format!("未达到的单位：{}", j.bodies_short.join("、")));
    }
    if !j.bodies_missing.is_empty() {
        j.lines
            .push(|| format!("未填报的单位：{}", j.bodies_missing.join("、")));
    }
    let status = if !j.bodies_short.is_empty() {
        let base_all_met = s
            .years
            .first()
            .filter(|b| b.year == ctx.period.base && b.year < d.year)
            .is_some_and(|b| !b.bodies.is_empty() && listed.iter().all(|name| ok(b, name)));
        if base_all_met {
            let msg = format!(
                "{}年各单位均达到，{}年{}未达到",
                ctx.period.base,
                d.year,
                j.bodies_short.join("、")
            );
            j.lines.push(|| msg.clone());
            j.regressed = Some(msg);
            Status::Regress
        } else {
            Status::Gap
        }
    } else if !j.bodies_missing.is_empty() {
        let missing = j.bodies_missing.join("、");
        return j.no_data(format_args!("数据不完整，缺少{missing}的配备数"));
    } else {
        j.lines.push(|| "各单位均达到".into());
        ctx.met(&mut j.lines)
    };
    j.lines.push(|| join(&["结论：", status.label()]));
    j.status = Some(status);
    j
}

fn milestone(ctx: &Ctx, s: &Series, mut j: Judged) -> Judged {
    j.lines.push(|| "规则：已实现 → 达标；基本实现 → 基本实现；推进中、未启动 → 尚存差距；低于以前年份的阶段 → 退步".into());
    let stages: Vec<(u16, Stage)> = s
        .years
        .iter()
        .filter_map(|d| Some((d.year, d.stage?)))
        .collect();
    let Some(&(ly, ls)) = stages.last() else {
        return j.no_data(format_args!("截至{}年未填报进展阶段", ctx.year));
    };
    j.lines.push(|| format!("最新阶段：{ly}年“{}”", ls.label()));
    let earlier_max = stages[..stages.len() - 1]
        .iter()
        .max_by_key(|(_, st)| *st)
        .copied();
    let status = match earlier_max {
        Some((ey, es)) if es > ls => {
            let msg = format!("{ly}年阶段“{}”低于{ey}年的“{}”", ls.label(), es.label());
            j.lines.push(|| msg.clone());
            j.regressed = Some(msg);
            Status::Regress
        }
        _ => match ls {
            Stage::Done => ctx.met(&mut j.lines),
            Stage::Basic => Status::Basic,
            Stage::InProgress | Stage::NotStarted => Status::Gap,
        },
    };
    j.lines.push(|| join(&["结论：", status.label()]));
    j.status = Some(status);
    j
}
