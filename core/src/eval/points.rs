//! Targets measured in percentage points (百分点; 千分点 for ‰ indicators).
//!
//! - **比基数年提高/降低 N 个百分点** (`Kind::Points`): target = value(base year) ± N, in the indicator's own
//!   %/‰ scale (value is the signed change, −1 = 降低1个百分点). Judged like a threshold (≥ when rising, ≤ when
//!   falling; the catalogue's op wins when given), with the same 基本实现 tolerance, 退步 and 保持 rules. Without
//!   a base-year value the target cannot be computed → 无数据, naming the base year. The trail names the base
//!   value, N, the target, the latest value and the gap in points.
//! - **每年提高/降低 N 个百分点（以上）** (`Kind::PointsPerYear`): for every year y of base+1..=Y whose value
//!   and the value of y − 1 are both entered, change(y) = value(y) − value(y − 1) must reach N in the target's
//!   direction; a year that falls short is named (`broken_years`, 未持续保持) and the status is at most
//!   基本实现. The total change from the base year (else the earliest year with data, noted) to the latest
//!   year with data must reach N × the years between them; when it does not → 尚存差距 (退步 when it moved
//!   against the direction). Years without data are named and never counted as short; with no pair of
//!   consecutive years with data → 无数据. The expected path is base ± N × (year − base); its end value
//!   base ± N × (last − base) is the target used for CS, AP, the projection warning and charts.

use super::criterion::{eps, Criterion};
use super::directional::beyond_chance;
use super::fmt::{join, year_label, Fig, NumberKind, U};
use super::judged::{reference, years_text, Ctx, Judged};
use super::series::Series;
use super::trail::Trail;
use super::Status;
use crate::catalogue::{fmt_num, Op};

/// A change in points with its sign and one decimal: "+1.2个百分点", "−0.4个百分点", "0.0个百分点".
pub(crate) struct Pp<'a>(pub f64, pub &'a str);

impl std::fmt::Display for Pp<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        let shown = Fig(v.abs(), NumberKind::Rate).to_string();
        let zero = shown.chars().all(|c| c == '0' || c == '.');
        let sign = if zero {
            ""
        } else if v > 0.0 {
            "+"
        } else {
            "−"
        };
        write!(f, "{sign}{shown}{}", self.1)
    }
}

/// An amount of points with one decimal, or with up to four when one decimal would print a shortfall as
/// reaching `need` (0.96 against 1 is "0.96", not "1.0").
pub(crate) fn amount(x: f64, need: f64) -> String {
    let one = Fig(x, NumberKind::Rate).to_string();
    let rounded: f64 = one.parse().unwrap_or(x);
    if x < need - eps(need) && rounded >= need - eps(need) {
        fmt_num(x)
    } else {
        one
    }
}

/// An amount of points with one decimal.
fn one(x: f64) -> String {
    Fig(x, NumberKind::Rate).to_string()
}

/// The valid change N (finite, not 0) of a points target.
fn change_of(ctx: &Ctx) -> Option<f64> {
    ctx.ind.value.filter(|v| v.is_finite() && *v != 0.0)
}

/// 比基数年提高/降低 N 个百分点: the threshold criterion from the base value (`rules` then judges it as a
/// fixed threshold), or the judgement without data when it cannot be computed.
pub(crate) fn relative(ctx: &Ctx, s: &Series, mut j: Judged) -> Result<(Criterion, f64, Judged), Judged> {
    let ind = ctx.ind;
    let unit = ctx.unit();
    let pu = ind.points_unit();
    let Some(n) = change_of(ctx) else {
        return Err(j.no_data("目录未给出变化幅度（百分点）"));
    };
    let word = ind.change_word(n > 0.0);
    let base_year = ctx.period.base;
    let Some(base) = s.base(base_year) else {
        return Err(j.no_data(format_args!(
            "缺少{base_year}年基数，无法计算目标值（{base_year}年数值{word}{}{pu}）",
            fmt_num(n.abs())
        )));
    };
    let t = base + n;
    let op = match ind.op {
        Some(op) if op != Op::Approx => op,
        _ if n < 0.0 => Op::Le,
        _ => Op::Ge,
    };
    j.lines.push(|| {
        format!(
            "目标值 = {base_year}年基数 {} {} {}{pu} = {}",
            U(base, unit),
            if n < 0.0 { "−" } else { "+" },
            fmt_num(n.abs()),
            U(t, unit)
        )
    });
    Ok((Criterion::Threshold { op, target: t }, t, j))
}

/// The line of a 比基数年 points target between the latest value and the conclusion: the change since the
/// base and the gap to the target in points.
pub(crate) fn gap_line(ctx: &Ctx, s: &Series, (ly, lv): (u16, f64), lines: &mut Trail) {
    let (Some(n), Some(base)) = (change_of(ctx), s.base(ctx.period.base)) else { return };
    let ind = ctx.ind;
    let pu = ind.points_unit();
    let sg = n.signum();
    let short = sg * (base + n - lv);
    lines.push(|| {
        let gap = if short > eps(n) {
            format!("距目标还差 {}{pu}", one(short))
        } else {
            format!("已达到目标变化幅度（多{} {}{pu}）", ind.change_word(n > 0.0), one(-short))
        };
        format!(
            "较{}年变化：{ly}年 {} − {} = {}，目标{}{}{pu}；{gap}",
            ctx.period.base,
            U(lv, ctx.unit()),
            U(base, ctx.unit()),
            Pp(lv - base, pu),
            ind.change_word(n > 0.0),
            fmt_num(n.abs())
        )
    });
}

/// The plain sentence's part on the change since the base of a 比基数年 points target:
/// "较2020年提高1.2个百分点，还差0.8个百分点".
pub(crate) fn plain_gap(ctx: &Ctx, s: &Series, latest: Option<(u16, f64)>) -> Option<String> {
    let (n, base, (_, lv)) = (change_of(ctx)?, s.base(ctx.period.base)?, latest?);
    let ind = ctx.ind;
    let pu = ind.points_unit();
    let moved = lv - base;
    let sg = n.signum();
    let verb = if moved * sg >= 0.0 { ind.change_word(n > 0.0) } else { ind.change_word(n < 0.0) };
    let short = sg * (base + n - lv);
    let mut out = format!("较{}年{verb}{}{pu}", ctx.period.base, amount(moved.abs(), n.abs()));
    if short > eps(n) {
        out.push_str(&format!("，还差{}{pu}", one(short)));
    }
    Some(out)
}

/// 每年提高/降低 N 个百分点（以上）.
pub(crate) fn per_year(ctx: &Ctx, s: &Series, mut j: Judged) -> Judged {
    let ind = ctx.ind;
    let unit = ctx.unit();
    let pu = ind.points_unit();
    let base_year = ctx.period.base;
    let Some(n) = change_of(ctx) else {
        return j.no_data("目录未给出每年变化幅度（百分点）");
    };
    let sg = n.signum();
    let step = n.abs();
    let step_text = fmt_num(step);
    let word = ind.change_word(n > 0.0);
    j.lines.push(|| {
        format!(
            "规则：自{base_year}年起每年较上一年{word}至少 {step_text}{pu}（逐年计，某年未达到 → 至多基本实现）；\
             累计变化须达到 {step_text}{pu} × 已过年数（未达到 → 尚存差距，反向变化 → 退步）"
        )
    });
    let value_of = |y: u16| s.years.iter().find(|d| d.year == y).and_then(|d| d.value);
    let missing: Vec<u16> = (base_year..=ctx.year).filter(|y| value_of(*y).is_none()).collect();
    let changes: Vec<(u16, f64)> = (base_year.saturating_add(1)..=ctx.year)
        .filter_map(|y| Some((y, value_of(y)? - value_of(y - 1)?)))
        .collect();
    if !missing.is_empty() {
        let ys = years_text(&missing);
        j.lines.push(|| format!("{ys}年无数据：涉及这些年份的逐年变化无法计算，不计为未达到"));
    }
    if changes.is_empty() {
        return if ctx.year <= base_year {
            j.no_data(format_args!("评估年份为{base_year}年基数年，尚无逐年变化"))
        } else {
            j.no_data(format_args!(
                "截至{}年没有相邻两年都有数据的年份（缺{}年数据），无法计算逐年变化",
                ctx.year,
                years_text(&missing)
            ))
        };
    }
    j.lines.push(|| {
        let parts: Vec<String> = changes
            .iter()
            .map(|(y, d)| format!("{} {}", year_label(*y, base_year), Pp(*d, pu)))
            .collect();
        format!("逐年变化（较上一年）：{}", parts.join("，"))
    });
    let short: Vec<(u16, f64)> = changes.iter().copied().filter(|(_, d)| sg * d < step - eps(step)).collect();
    if !short.is_empty() {
        let said: Vec<String> = short
            .iter()
            .map(|&(y, d)| {
                let moved = sg * d;
                let how = if moved > eps(step) {
                    format!("只{word}{}{pu}", amount(moved, step))
                } else if moved < -eps(step) {
                    format!("反而{}{}{pu}", ind.change_word(n < 0.0), one(-moved))
                } else {
                    "与上年持平".to_string()
                };
                format!("{y}年{how}，未达每年{word}{step_text}{pu}")
            })
            .collect();
        let text = said.join("；");
        j.lines.push(|| text.clone());
        j.not_held = Some(text);
        j.broken_years = short.iter().map(|p| p.0).collect();
    } else {
        j.lines.push(|| format!("可计算的{}个年份均达到每年{word}{step_text}{pu}", changes.len()));
    }
    let pts = s.points();
    let Some(&(ly, lv)) = pts.last() else {
        return j;
    };
    j.latest = Some((ly, lv));
    let base = s.base(base_year);
    if let Some(b) = base {
        // The end of the expected path: the target for CS, AP, the projection warning and charts.
        let t = b + n * f64::from(ctx.period.span());
        j.target = Some(t);
        j.criterion = Some(Criterion::Threshold { op: if sg > 0.0 { Op::Ge } else { Op::Le }, target: t });
        j.cs = true;
        j.lines.push(|| {
            format!(
                "应达进度线：{base_year}年基数 {} {} {step_text}{pu} × (年份 − {base_year})，{}年应达 {}",
                U(b, unit),
                if sg > 0.0 { "+" } else { "−" },
                ctx.period.last,
                U(t, unit)
            )
        });
    }
    let Some((ry, rv)) = reference(ctx, pts, &mut j.lines) else {
        return j;
    };
    if base.is_none() {
        j.trend_goal = Some((sg, rv));
    }
    let years = ly.saturating_sub(ry);
    let need = step * f64::from(years);
    let total = lv - rv;
    let total_ok = sg * total >= need - eps(need);
    j.lines.push(|| {
        let when = if ly < ctx.year { format!("（{}年无数据，取最近的{ly}年）", ctx.year) } else { String::new() };
        format!(
            "累计变化：{ly}年 {} − {ry}年 {} = {}{when}；应{word}至少 {step_text}{pu} × {years}年 = {}{pu}（即{ly}年应达 {}）→ {}",
            U(lv, unit),
            U(rv, unit),
            Pp(total, pu),
            fmt_num(need),
            U(rv + sg * need, unit),
            if total_ok { "达到" } else { "未达到" }
        )
    });
    let status = if !total_ok {
        let against = sg * total < -(ctx.min_change() * rv.abs() + eps(rv));
        if against && beyond_chance(ctx, s, &mut j, (ry, rv), ly) {
            let msg = format!(
                "{ly}年 {} 较{ry}年的 {} {}，与目标方向相反",
                U(lv, unit),
                U(rv, unit),
                if sg > 0.0 { "下降" } else { "上升" }
            );
            j.lines.push(|| msg.clone());
            j.regressed = Some(msg);
            Status::Regress
        } else {
            let said = format!(
                "{ry}–{ly}年累计{word}{}{pu}，未达{years}年应{word}的{}{pu}",
                amount((sg * total).max(0.0), need),
                fmt_num(need)
            );
            j.lines.push(|| join(&[&said, " → 尚存差距"]));
            Status::Gap
        }
    } else if !j.broken_years.is_empty() {
        j.lines.push(|| format!("累计变化达到，但{}年未达到每年{word}{step_text}{pu} → 基本实现", years_text(&j.broken_years)));
        Status::Basic
    } else {
        ctx.met(&mut j.lines)
    };
    j.lines.push(|| join(&["结论：", status.label()]));
    j.status = Some(status);
    j
}

/// The plain sentence's part on the total change of a per-year points target.
pub(crate) fn plain_total(ctx: &Ctx, s: &Series, status: Status) -> Option<String> {
    let n = change_of(ctx)?;
    let pts = s.points();
    let &(ly, lv) = pts.last()?;
    let &(ry, rv) = pts.first()?;
    if ly <= ry {
        return None;
    }
    let ind = ctx.ind;
    let pu = ind.points_unit();
    let sg = n.signum();
    let need = n.abs() * f64::from(ly - ry);
    let moved = sg * (lv - rv);
    let verb = if moved >= 0.0 { ind.change_word(n > 0.0) } else { ind.change_word(n < 0.0) };
    let mut out = format!("{ry}–{ly}年累计{verb}{}{pu}", amount(moved.abs(), need));
    if status == Status::Gap || status == Status::Regress {
        out.push_str(&format!("，应{}{}{pu}", ind.change_word(n > 0.0), fmt_num(need)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{amount, Pp};

    #[test]
    fn points_print_with_one_decimal_and_a_sign() {
        assert_eq!(Pp(1.26, "个百分点").to_string(), "+1.3个百分点");
        assert_eq!(Pp(-0.4000000000000057, "个百分点").to_string(), "−0.4个百分点");
        assert_eq!(Pp(2.0, "个千分点").to_string(), "+2.0个千分点");
        // No sign on a change that prints as zero.
        assert_eq!(Pp(-0.04, "个百分点").to_string(), "0.0个百分点");
        // One decimal, unless it would print a shortfall as reaching the step.
        assert_eq!(amount(0.44, 1.0), "0.4");
        assert_eq!(amount(0.96, 1.0), "0.96");
        assert_eq!(amount(1.04, 1.0), "1.0");
        assert_eq!(amount(0.45, 0.5), "0.45");
    }
}
