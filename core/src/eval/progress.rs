//! Progress measures: CS (current status index), projection of the last plan year's value (time-weighted
//! linear trend, or CAGR for ‰ and /10万 rates), AP (anticipated progress).

use super::criterion::{eps, Criterion};
use super::fmt::{F2, N};
use crate::catalogue::{Indicator, Period};

pub(crate) const METHOD_LINEAR: &str = "时间加权线性趋势";
pub(crate) const METHOD_CAGR: &str = "复合年增长率(CAGR)";

/// Why CS or AP is not computed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NoRatio {
    NoBase,
    /// The base-year value (given) already meets the target.
    BaseMet(f64),
    TargetIsBase,
}

impl NoRatio {
    /// The reason in words; `base_year` is the catalogue's base year.
    pub(crate) fn text(self, label: &str, base_year: u16) -> String {
        match self {
            NoRatio::NoBase => format!("缺少{base_year}年基数，不计算{label}"),
            NoRatio::BaseMet(b) => format!("{base_year}年基数 {} 已达到目标，{label} 不适用", N(b)),
            NoRatio::TargetIsBase => format!("目标值等于基数，{label} 不适用"),
        }
    }
}

/// A computed ratio with its figures: displays "(value − base) ÷ (target − base) = r".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ratio {
    pub value: f64,
    pub base: f64,
    pub target: f64,
    pub r: f64,
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = N(self.base);
        write!(
            f,
            "({} − {b}) ÷ ({} − {b}) = {}",
            N(self.value),
            N(self.target),
            F2(self.r)
        )
    }
}

/// (latest − base) / (target − base), when the base exists, does not already meet the target and differs
/// from it. Returns the ratio or the reason it is not computed.
pub(crate) fn ratio(
    value: f64,
    base: Option<f64>,
    crit: &Criterion,
    tol: f64,
) -> Result<Ratio, NoRatio> {
    let Some(b) = base else {
        return Err(NoRatio::NoBase);
    };
    let t = crit.target_point();
    if crit.level(b, tol) == super::criterion::Level::Met {
        return Err(NoRatio::BaseMet(b));
    }
    if (t - b).abs() <= eps(t) {
        return Err(NoRatio::TargetIsBase);
    }
    Ok(Ratio {
        value,
        base: b,
        target: t,
        r: (value - b) / (t - b),
    })
}

/// Why no projection is made.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NoProjection {
    /// Fewer than 2 points (the number of points).
    TooFew(usize),
    /// The last plan year (given) already has data.
    HasLast(u16),
}

impl std::fmt::Display for NoProjection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            NoProjection::TooFew(n) => write!(f, "只有{n}个年度数据，少于2个，不作预测"),
            NoProjection::HasLast(y) => write!(f, "已有{y}年数据，不作预测"),
        }
    }
}

/// A projection of the last plan year's value with the figures of its computation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Projection<'a> {
    /// The projected value, clamped to the unit's range.
    pub value: f64,
    pub method: &'static str,
    /// The unclamped value.
    raw: f64,
    pts: &'a [(u16, f64)],
    fit: Fit,
    /// The year projected to (the last plan year).
    last: u16,
}

#[derive(Debug, Clone, Copy)]
enum Fit {
    Cagr { n: f64, cagr: f64 },
    Linear { slope: f64 },
}

/// The computation in words, e.g. "CAGR = (8.1 ÷ 10)^(1/2) − 1 = -10.00%；预测 = …".
impl std::fmt::Display for Projection<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (f_y, f_v) = self.pts[0];
        let (l_y, l_v) = self.pts[self.pts.len() - 1];
        let p = self.raw;
        let last = self.last;
        match self.fit {
            Fit::Cagr { n, cagr } => write!(
                f,
                "CAGR = ({} ÷ {})^(1/{}) − 1 = {}%；预测 = {} × (1 {} {}%)^{} = {}",
                N(l_v),
                N(f_v),
                N(n),
                F2(cagr * 100.0),
                N(l_v),
                if cagr < 0.0 { "−" } else { "+" },
                F2(cagr.abs() * 100.0),
                last - l_y,
                N(p)
            )?,
            Fit::Linear { slope } => {
                let span = f64::from(last - f_y);
                write!(f, "权重 w = ({last} − {f_y}) ÷ ({last} − t)：")?;
                for (k, (y, _)) in self.pts.iter().enumerate() {
                    let w = span / f64::from(last - y);
                    write!(f, "{}{y}:{}", if k > 0 { "，" } else { "" }, N(round(w, 2)))?;
                }
                write!(
                    f,
                    "；加权回归斜率 {}/年，{last}年拟合值 {}",
                    N(round(slope, 4)),
                    N(p)
                )?;
            }
        }
        if (self.value - p).abs() > 0.0 {
            write!(f, "；超出单位取值范围，取 {}", N(self.value))?;
        }
        Ok(())
    }
}

/// Projection of the last plan year's value from the points (years ≤ Y < last).
pub(crate) fn project<'a>(
    ind: &Indicator,
    period: Period,
    pts: &'a [(u16, f64)],
) -> Result<Projection<'a>, NoProjection> {
    if pts.len() < 2 {
        return Err(NoProjection::TooFew(pts.len()));
    }
    // Years are placed on the time axis relative to the base year, signed: 上一期 years carried from the
    // previous period lie before it.
    let (last, base) = (period.last, f64::from(period.base));
    let x = |y: u16| f64::from(y) - base;
    let (f_y, f_v) = pts[0];
    let (l_y, l_v) = pts[pts.len() - 1];
    if l_y >= last {
        return Err(NoProjection::HasLast(last));
    }
    let lo = 0.0;
    let hi = ind
        .max_value()
        .filter(|m| *m >= lo)
        .unwrap_or(f64::INFINITY);
    let use_cagr = matches!(ind.unit.as_str(), "‰" | "/10万") && f_v > 0.0 && l_v > 0.0;
    let (raw, method, fit) = if use_cagr {
        let n = f64::from(l_y - f_y);
        let cagr = (l_v / f_v).powf(1.0 / n) - 1.0;
        let p = l_v * (1.0 + cagr).powi(i32::from(last - l_y));
        (p, METHOD_CAGR, Fit::Cagr { n, cagr })
    } else {
        // Weighted least squares with w(t) = (last − t0) / (last − t); one point per data year at most.
        let span = f64::from(last - f_y);
        let w = |y: u16| span / f64::from(last - y);
        let sw: f64 = pts.iter().map(|(y, _)| w(*y)).sum();
        let tm = pts
            .iter()
            .map(|(y, _)| w(*y) * x(*y))
            .sum::<f64>()
            / sw;
        let vm = pts.iter().map(|(y, v)| w(*y) * v).sum::<f64>() / sw;
        let sxx: f64 = pts
            .iter()
            .map(|(y, _)| w(*y) * (x(*y) - tm).powi(2))
            .sum();
        let sxy: f64 = pts
            .iter()
            .map(|(y, v)| w(*y) * (x(*y) - tm) * (v - vm))
            .sum();
        let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        let p = vm + slope * (x(last) - tm);
        (p, METHOD_LINEAR, Fit::Linear { slope })
    };
    Ok(Projection {
        value: raw.clamp(lo, hi),
        method,
        raw,
        pts,
        fit,
        last,
    })
}

fn round(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    (x * m).round() / m
}
