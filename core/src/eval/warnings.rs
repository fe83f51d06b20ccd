//! 波动较大: outlying year-on-year changes by the modified z-score, with a documented fallback.

use super::directional::Signed;
use super::fmt::{F2, N};

/// |M| above this is an outlier (Iglewicz & Hoaglin).
pub const MODIFIED_Z_LIMIT: f64 = 3.5;
/// Minimum number of changes for the modified z-score.
pub const MIN_CHANGES_FOR_Z: usize = 4;
/// Fallback: a change larger than this many times the median absolute change of the other years.
pub const FALLBACK_FACTOR: f64 = 3.0;
/// Changes smaller than this share of the mean absolute level are never flagged.
pub const MIN_RELATIVE_CHANGE: f64 = 0.03;

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Reasons for each outlying change; changes are taken between consecutive calendar years with data.
pub(crate) fn volatility(pts: &[(u16, f64)]) -> Vec<String> {
    // At most 5 changes (6 years): fixed arrays, no allocation unless something is flagged.
    let mut changes = [(0u16, 0.0f64); 8];
    let mut n = 0;
    for w in pts.windows(2) {
        if w[1].0 == w[0].0 + 1 && n < changes.len() {
            changes[n] = (w[1].0, w[1].1 - w[0].1);
            n += 1;
        }
    }
    let changes = &changes[..n];
    if n < 2 {
        return Vec::new();
    }
    let level = pts.iter().map(|p| p.1.abs()).sum::<f64>() / pts.len() as f64;
    let floor = MIN_RELATIVE_CHANGE * level;
    let mut buf = [0.0f64; 8];
    for (b, c) in buf.iter_mut().zip(changes) {
        *b = c.1;
    }
    let med = median(&mut buf[..n]);
    for (b, c) in buf.iter_mut().zip(changes) {
        *b = (c.1 - med).abs();
    }
    let mad = median(&mut buf[..n]);
    let mut out = Vec::new();
    if n >= MIN_CHANGES_FOR_Z && mad > 1e-12 {
        for &(y, d) in changes {
            let m = 0.6745 * (d - med) / mad;
            if m.abs() > MODIFIED_Z_LIMIT && d.abs() > floor {
                out.push(format!(
                    "{y}年较上年变化 {}，修正Z值 = 0.6745 × ({} − {}) ÷ {} = {}，绝对值超过 3.5",
                    Signed(d),
                    N(d),
                    N(med),
                    N(mad),
                    F2(m)
                ));
            }
        }
    } else {
        for (i, &(y, d)) in changes.iter().enumerate() {
            let mut k = 0;
            for (j, c) in changes.iter().enumerate() {
                if j != i {
                    buf[k] = c.1.abs();
                    k += 1;
                }
            }
            let m = median(&mut buf[..k]);
            if d.abs() > FALLBACK_FACTOR * m && d.abs() > floor {
                out.push(format!(
                    "{y}年较上年变化 {}，超过其他年份变化绝对值中位数 {} 的 3 倍",
                    Signed(d),
                    N(m)
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_trend_is_not_volatile() {
        let pts = [
            (2020, 10.0),
            (2021, 11.0),
            (2022, 12.1),
            (2023, 13.0),
            (2024, 14.0),
            (2025, 15.0),
        ];
        assert!(volatility(&pts).is_empty());
    }

    #[test]
    fn jump_is_volatile_by_z_and_fallback() {
        let pts = [
            (2020, 50.0),
            (2021, 51.0),
            (2022, 52.2),
            (2023, 53.0),
            (2024, 63.0),
            (2025, 64.1),
        ];
        let w = volatility(&pts);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("2024年"), "{w:?}");
        assert!(w[0].contains("修正Z值"), "{w:?}");
        // MAD = 0 → fallback.
        let pts = [
            (2020, 50.0),
            (2021, 51.0),
            (2022, 52.0),
            (2023, 53.0),
            (2024, 63.0),
            (2025, 64.0),
        ];
        let w = volatility(&pts);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("3 倍"), "{w:?}");
        // Three points, fallback.
        let w = volatility(&[(2020, 50.0), (2021, 51.0), (2022, 60.0)]);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn flat_and_tiny_changes_are_not_volatile() {
        assert!(volatility(&[(2020, 5.0), (2021, 5.0), (2022, 5.0), (2023, 5.0)]).is_empty());
        // 0 → 0.1 on a level of 90: below 3 % of the level.
        assert!(volatility(&[(2020, 90.0), (2021, 90.0), (2022, 90.0), (2023, 90.1)]).is_empty());
        assert!(volatility(&[(2020, 90.0), (2021, 95.0)]).is_empty());
    }
}
