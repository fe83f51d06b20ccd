//! Progress measures: CS (current status index), projection of the 2025 value (time-weighted linear
//! trend, or CAGR for ‰ and /10万 rates), AP (anticipated progress).

use super::criterion::{eps, Criterion};
use super::fmt::{F2, N};
use crate::catalogue::Indicator;
use crate::dataset::{BASE_YEAR, FINAL_YEAR};

pub(crate) const METHOD_LINEAR: &str = "时间加权线性趋势";
pub(crate) const METHOD_CAGR: &str = "复合年增长率(CAGR)";

/// (latest − base) / (target − base), when the base exists, does not already meet the target and differs
/// from it. Returns the value or the reason it is not computed.
pub(crate) fn ratio(
    label: &str,
    value: f64,
    base: Option<f64>,
    crit: &Criterion,
    tol: f64,
) -> Result<(f64, String), String> {
    let Some(b) = base else {
        return Err(format!("缺少2020年基数，不计算{label}"));
    };
    let t = crit.target_point();
    if crit.level(b, tol) == super::criterion::Level::Met {
        return Err(format!("2020年基数 {} 已达到目标，{label}不适用", N(b)));
    }
    if (t - b).abs() <= eps(t) {
        return Err(format!("目标值等于基数，{label}不适用"));
    }
    let r = (value - b) / (t - b);
    Ok((
        r,
        format!(
            "({} − {}) ÷ ({} − {}) = {}",
            N(value),
            N(b),
            N(t),
            N(b),
            F2(r)
        ),
    ))
}

/// Projection of the 2025 value from the points (years ≤ Y < 2025). Err = reason for no projection.
pub(crate) fn project(
    ind: &Indicator,
    pts: &[(u16, f64)],
) -> Result<(f64, &'static str, String), String> {
    if pts.len() < 2 {
        return Err(format!("只有{}个年度数据，少于2个，不作预测", pts.len()));
    }
    let (f_y, f_v) = pts[0];
    let (l_y, l_v) = pts[pts.len() - 1];
    if l_y >= FINAL_YEAR {
        return Err("已有2025年数据，不作预测".into());
    }
    let lo = 0.0;
    let hi = ind
        .max_value()
        .filter(|m| *m >= lo)
        .unwrap_or(f64::INFINITY);
    let use_cagr = matches!(ind.unit.as_str(), "‰" | "/10万") && f_v > 0.0 && l_v > 0.0;
    let (raw, method, detail) = if use_cagr {
        let n = f64::from(l_y - f_y);
        let cagr = (l_v / f_v).powf(1.0 / n) - 1.0;
        let p = l_v * (1.0 + cagr).powi(i32::from(FINAL_YEAR - l_y));
        let d = format!(
            "CAGR = ({} ÷ {})^(1/{}) − 1 = {}%；预测 = {} × (1 {} {}%)^{} = {}",
            N(l_v),
            N(f_v),
            N(n),
            F2(cagr * 100.0),
            N(l_v),
            if cagr < 0.0 { "−" } else { "+" },
            F2(cagr.abs() * 100.0),
            FINAL_YEAR - l_y,
            N(p)
        );
        (p, METHOD_CAGR, d)
    } else {
        // Weighted least squares with w(t) = (2025 − t0) / (2025 − t).
        let span = f64::from(FINAL_YEAR - f_y);
        let w: Vec<f64> = pts
            .iter()
            .map(|(y, _)| span / f64::from(FINAL_YEAR - y))
            .collect();
        let sw: f64 = w.iter().sum();
        let tm = pts
            .iter()
            .zip(&w)
            .map(|((y, _), w)| w * f64::from(*y - BASE_YEAR))
            .sum::<f64>()
            / sw;
        let vm = pts.iter().zip(&w).map(|((_, v), w)| w * v).sum::<f64>() / sw;
        let sxx: f64 = pts
            .iter()
            .zip(&w)
            .map(|((y, _), w)| w * (f64::from(*y - BASE_YEAR) - tm).powi(2))
            .sum();
        let sxy: f64 = pts
            .iter()
            .zip(&w)
            .map(|((y, v), w)| w * (f64::from(*y - BASE_YEAR) - tm) * (v - vm))
            .sum();
        let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        let p = vm + slope * (f64::from(FINAL_YEAR - BASE_YEAR) - tm);
        use std::fmt::Write as _;
        let mut d = String::with_capacity(160);
        let _ = write!(d, "权重 w = ({FINAL_YEAR} − {f_y}) ÷ (2025 − t)：");
        for (k, ((y, _), w)) in pts.iter().zip(&w).enumerate() {
            let _ = write!(
                d,
                "{}{y}:{}",
                if k > 0 { "，" } else { "" },
                N(round(*w, 2))
            );
        }
        let _ = write!(
            d,
            "；加权回归斜率 {}/年，2025年拟合值 {}",
            N(round(slope, 4)),
            N(p)
        );
        (p, METHOD_LINEAR, d)
    };
    let clamped = raw.clamp(lo, hi);
    let mut detail = detail;
    if (clamped - raw).abs() > 0.0 {
        detail.push_str(&format!("；超出单位取值范围，取 {}", N(clamped)));
    }
    Ok((clamped, method, detail))
}

fn round(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    (x * m).round() / m
}
