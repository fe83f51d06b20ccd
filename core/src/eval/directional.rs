//! Directional targets without a number: 提高/下降, 保持, 保持稳定并有所提高, 上升趋势减缓.

use super::chance::change_test;
use super::criterion::eps;
use super::fmt::{diff_unit, join, Signed, N, U};
use super::judged::{reference, years_text, Ctx, Judged};
use super::series::Series;
use super::Status;
use crate::catalogue::Direction;

/// Words in a clause that require steady movement (no year-on-year step back).
pub const STEADY_WORDS: [&str; 4] = ["逐步", "持续", "稳步", "不断"];

pub(crate) fn is_steady(clause: &str) -> bool {
    STEADY_WORDS.iter().any(|w| clause.contains(w))
}

pub(crate) fn judge(ctx: &Ctx, s: &Series, mut j: Judged) -> Judged {
    let ind = ctx.ind;
    let unit = ctx.unit();
    let pts = s.points();
    let need = if ind.direction == Direction::SlowRise {
        3
    } else {
        2
    };
    let basis = if ind.direction == Direction::SlowRise {
        "比较各期年均变化".to_string()
    } else {
        format!("与{}年基数比较", ctx.period.base)
    };
    j.lines
        .push(|| format!("规则：{}（{basis}）", ind.direction.label()));
    if pts.len() < need {
        return j.no_data(format_args!(
            "截至{}年只有{}个年度数据，至少需要{}个才能判断变化",
            ctx.year,
            pts.len(),
            need
        ));
    }
    let Some(&(ly, lv)) = pts.last() else {
        return j;
    };
    j.latest = Some((ly, lv));
    let Some((ry, rv)) = reference(ctx, pts, &mut j.lines) else {
        return j;
    };
    let thr = ctx.min_change() * rv.abs() + eps(rv);
    let thr_text = ThrText(ctx.min_change(), rv);
    let change = lv - rv;
    let status = match ind.direction {
        Direction::Up | Direction::Down => {
            let sg = if ind.direction == Direction::Up {
                1.0
            } else {
                -1.0
            };
            j.trend_goal = Some((sg, rv));
            j.lines.push(|| {
                format!(
                    "变化：{ly}年 {}{unit} − {ry}年 {}{unit} = {}{thr_text}",
                    N(lv),
                    N(rv),
                    Signed(change)
                )
            });
            // Year-on-year steps against the direction (between consecutive years with data).
            let backs: Vec<u16> = pts
                .windows(2)
                .filter(|w| sg * (w[1].1 - w[0].1) < -eps(w[0].1))
                .map(|w| w[1].0)
                .collect();
            // Already at the natural bound (0 for 下降/减少, the unit's maximum for 提高) and still there.
            let bound = if sg < 0.0 { Some(0.0) } else { ind.max_value() };
            let at_bound =
                bound.is_some_and(|b| (rv - b).abs() <= eps(b) && (lv - b).abs() <= eps(b));
            if at_bound {
                j.lines.push(|| {
                    format!(
                        "{ry}年与{ly}年均为 {}{unit}，已处于可能的{}值，保持即视为实现",
                        N(lv),
                        if sg < 0.0 { "最低" } else { "最高" }
                    )
                });
                ctx.met(&mut j.lines)
            } else if sg * change > thr {
                let steady = is_steady(&ind.clause);
                if steady && !backs.is_empty() {
                    let ys = years_text(&backs);
                    j.lines.push(|| {
                        format!(
                            "目标要求逐年{}，但{ys}年较上一个有数据年份反向变化 → 基本实现",
                            dir_word(sg)
                        )
                    });
                    j.not_held = Some(format!(
                        "{ys}年较上年{}",
                        if sg > 0.0 { "下降" } else { "上升" }
                    ));
                    j.broken_years = backs;
                    Status::Basic
                } else {
                    if steady {
                        j.lines
                            .push(|| format!("目标要求逐年{}：各年均未反向变化", dir_word(sg)));
                    }
                    ctx.met(&mut j.lines)
                }
            } else if sg * change < -thr && beyond_chance(ctx, s, &mut j, (ry, rv), ly) {
                let msg = format!(
                    "{ly}年 {} 较{ry}年的 {} {}",
                    U(lv, unit),
                    U(rv, unit),
                    if sg > 0.0 { "下降" } else { "上升" }
                );
                j.lines.push(|| format!("{msg}，与目标方向相反"));
                j.regressed = Some(msg);
                Status::Regress
            } else {
                j.lines.push(|| "与参照年份相比无明显变化".into());
                Status::Gap
            }
        }
        Direction::Hold => {
            let b = ctx.band.unwrap_or(ctx.defaults.approx_band).abs();
            j.band = Some((rv - b, rv + b));
            j.lines.push(|| {
                format!(
                    "保持：|{} − {}| = {}，允许 ±{}{}",
                    N(lv),
                    N(rv),
                    N(change.abs()),
                    N(b),
                    diff_unit(unit)
                )
            });
            if change.abs() <= b + eps(b) {
                ctx.met(&mut j.lines)
            } else {
                Status::Gap
            }
        }
        Direction::HoldUp => {
            j.trend_goal = Some((1.0, rv));
            let below: Vec<u16> = pts
                .iter()
                .filter(|(y, v)| *y > ry && *v < rv - eps(rv))
                .map(|(y, _)| *y)
                .collect();
            j.lines.push(|| {
                format!(
                    "保持稳定并有所提高：{ly}年 {}{unit} 较{ry}年 {}{unit} 变化 {}{thr_text}",
                    N(lv),
                    N(rv),
                    Signed(change)
                )
            });
            if !below.is_empty() {
                let ys = years_text(&below);
                j.lines.push(|| format!("{ys}年低于{ry}年基数"));
                j.not_held = Some(format!("{ys}年低于{ry}年基数 {}{unit}", N(rv)));
                j.broken_years = below.clone();
            }
            if change > thr {
                if below.is_empty() {
                    ctx.met(&mut j.lines)
                } else {
                    j.lines
                        .push(|| "最新值高于基数，但曾低于基数 → 基本实现".into());
                    Status::Basic
                }
            } else if change < -thr && beyond_chance(ctx, s, &mut j, (ry, rv), ly) {
                let msg = format!("{ly}年 {} 低于{ry}年的 {}", U(lv, unit), U(rv, unit));
                j.regressed = Some(msg);
                Status::Regress
            } else {
                j.lines.push(|| "保持稳定但未提高".into());
                Status::Gap
            }
        }
        Direction::SlowRise => {
            // Annualised change between consecutive points.
            let rates: Vec<(u16, f64)> = pts
                .windows(2)
                .map(|w| (w[1].0, (w[1].1 - w[0].1) / f64::from(w[1].0 - w[0].0)))
                .collect();
            j.lines.push(|| {
                let text: Vec<String> = rates
                    .iter()
                    .map(|(y, r)| format!("{y}年 {}", Signed(*r)))
                    .collect();
                format!("年均变化：{}", text.join("，"))
            });
            let first = rates[0].1;
            let last = rates[rates.len() - 1].1;
            let ups: Vec<u16> = rates
                .windows(2)
                .filter(|w| w[1].1 > w[0].1 + eps(w[0].1))
                .map(|w| w[1].0)
                .collect();
            if ups.is_empty() && (last < first - eps(first) || last <= eps(0.0)) {
                j.lines.push(|| "上升幅度逐期不增大且已减缓".into());
                ctx.met(&mut j.lines)
            } else if last < first - eps(first) {
                let ys = years_text(&ups);
                j.lines
                    .push(|| format!("总体减缓，但{ys}年上升幅度反弹 → 基本实现"));
                j.not_held = Some(format!("{ys}年上升幅度较上期扩大"));
                j.broken_years = ups;
                Status::Basic
            } else if last > first + eps(first) {
                let msg = format!(
                    "年均上升幅度由{}年的 {} 扩大到{}年的 {}，上升加快",
                    rates[0].0,
                    Signed(first),
                    rates[rates.len() - 1].0,
                    Signed(last)
                );
                j.lines.push(|| msg.clone());
                j.regressed = Some(msg);
                Status::Regress
            } else {
                j.lines.push(|| "上升幅度未减缓".into());
                Status::Gap
            }
        }
    };
    j.lines.push(|| join(&["结论：", status.label()]));
    j.status = Some(status);
    j
}

/// For an event rate: runs the exact test of the worsening against the reference (written to the trail and
/// kept in `j.chance`); true when the worsening is beyond chance or cannot be tested (not counts).
pub(crate) fn beyond_chance(ctx: &Ctx, s: &Series, j: &mut Judged, reference: (u16, f64), ly: u16) -> bool {
    match change_test(ctx, s, reference, ly) {
        Some(test) => {
            j.chance = Some(test);
            j.lines.push(|| test.working(ctx));
            if test.within_chance() {
                j.lines.push(|| "变化在偶然波动范围内，按无明显变化判断".into());
            }
            !test.within_chance()
        }
        None => true,
    }
}

fn dir_word(sg: f64) -> &'static str {
    if sg > 0.0 {
        "提高"
    } else {
        "下降"
    }
}

/// "（最小变化幅度 5% × 基数 = 1.5）" when a minimum change applies, else nothing: (min_change, reference).
#[derive(Clone, Copy)]
struct ThrText(f64, f64);

impl std::fmt::Display for ThrText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (m, rv) = (self.0, self.1);
        if m > 0.0 {
            write!(
                f,
                "（最小变化幅度 {}% × 基数 = {}）",
                N(m * 100.0),
                N(m * rv.abs())
            )
        } else {
            Ok(())
        }
    }
}

