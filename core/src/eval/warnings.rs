//! 波动较大: one-year spikes (a year off the line through the other years that reverses), outlying
//! year-on-year changes by the modified z-score with a documented fallback, and for event rates entered as
//! counts, exact tests so that a swing chance explains is not flagged.

use super::fmt::{Signed, F2, N, P};
use super::poisson::{rates_test, ALPHA};
use super::trail::Trail;

/// |M| above this is an outlier (Iglewicz & Hoaglin).
pub const MODIFIED_Z_LIMIT: f64 = 3.5;
/// Minimum number of changes for the modified z-score.
pub const MIN_CHANGES_FOR_Z: usize = 4;
/// Fallback: a change larger than this many times the median absolute change of the other years.
pub const FALLBACK_FACTOR: f64 = 3.0;
/// Changes smaller than this share of the mean absolute level are never flagged.
pub const MIN_RELATIVE_CHANGE: f64 = 0.03;
/// A spike: the year's distance from the line through the other years exceeds this many times their
/// typical year-on-year change (the median absolute change per year between the other years).
pub const SPIKE_FACTOR: f64 = 3.0;
/// The constant of the modified z-score M = 0.6745 × (d − median) ÷ MAD (Iglewicz & Hoaglin).
pub const MODIFIED_Z_SCALE: f64 = 0.6745;

/// 波动较大 is judged only when the series has at least this many consecutive years with data.
pub const MIN_CONSECUTIVE_YEARS: usize = 4;

/// The longest run of consecutive calendar years with data.
pub(crate) fn longest_run(pts: &[(u16, f64)]) -> usize {
    let (mut best, mut run) = (0, 0);
    for (i, p) in pts.iter().enumerate() {
        run = if i > 0 && pts[i - 1].0 + 1 == p.0 { run + 1 } else { 1 };
        best = best.max(run);
    }
    best
}

/// The counts of a year of an event rate entered as counts: (numerator, denominator, scale).
pub(crate) type CountsOf<'a> = dyn Fn(u16) -> Option<(f64, f64, f64)> + 'a;

/// What `volatility` found: the warning reasons and the spike years (left out of the projection).
#[derive(Debug, Default)]
pub(crate) struct Swings {
    /// (plain sentence, working) per flagged year or change.
    pub reasons: Vec<(String, String)>,
    pub spikes: Vec<u16>,
}

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

/// Ordinary least squares line through the points: (intercept at year 0 of `t0`, slope per year).
fn line(pts: impl Iterator<Item = (u16, f64)> + Clone, t0: u16) -> Option<(f64, f64)> {
    let n = pts.clone().count() as f64;
    if n < 2.0 {
        return None;
    }
    let x = |y: u16| f64::from(y) - f64::from(t0);
    let mx = pts.clone().map(|p| x(p.0)).sum::<f64>() / n;
    let my = pts.clone().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.clone().map(|p| (x(p.0) - mx).powi(2)).sum();
    let sxy: f64 = pts.map(|p| (x(p.0) - mx) * (p.1 - my)).sum();
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    Some((my - b * mx, b))
}

/// A one-year spike at `i` (an interior point): the year is a peak or a trough between its neighbours
/// with data, and its distance r from the least-squares line through all other years exceeds
/// SPIKE_FACTOR × τ, where τ is the median absolute change per year between consecutive other years (not
/// touching year i; with only three years, the line's own slope), and exceeds the 3 % level floor.
/// Returns (fitted value, r, τ).
fn spike_at(pts: &[(u16, f64)], i: usize, floor: f64) -> Option<(f64, f64, f64)> {
    let (y, v) = pts[i];
    // A one-year spike is judged against the years just before and after it, not against distant years.
    if pts[i - 1].0 + 1 != y || pts[i + 1].0 != y + 1 {
        return None;
    }
    let (prev, next) = (pts[i - 1].1, pts[i + 1].1);
    let up = v - prev;
    let down = v - next;
    let e = 1e-12 * v.abs().max(1.0);
    if !(up > e && down > e || up < -e && down < -e) {
        return None;
    }
    let t0 = pts[0].0;
    let others = pts.iter().enumerate().filter(|(k, _)| *k != i).map(|(_, p)| *p);
    let (a, b) = line(others, t0)?;
    let fit = a + b * (f64::from(y) - f64::from(t0));
    let r = v - fit;
    if r.signum() != up.signum() {
        return None;
    }
    let mut buf = [0.0f64; 16];
    let mut k = 0;
    for w in 0..pts.len() - 1 {
        if w + 1 == i || w == i || k == buf.len() {
            continue;
        }
        let gap = f64::from(pts[w + 1].0 - pts[w].0).max(1.0);
        buf[k] = (pts[w + 1].1 - pts[w].1).abs() / gap;
        k += 1;
    }
    let tau = if k == 0 { b.abs() } else { median(&mut buf[..k]) };
    (r.abs() > SPIKE_FACTOR * tau && r.abs() > floor).then_some((fit, r, tau))
}

/// The outlying years and changes of a series, oldest first. `counts` gives the counts of a year of an
/// event rate (None otherwise): a spike or change that an exact test finds within chance (P ≥ 0.05) is
/// not flagged, and the trail says so.
pub(crate) fn volatility(pts: &[(u16, f64)], counts: &CountsOf<'_>, t: &mut Trail) -> Swings {
    let mut out = Swings::default();
    let run = longest_run(pts);
    if run < MIN_CONSECUTIVE_YEARS {
        if pts.len() >= 3 {
            t.push(|| {
                format!(
                    "波动较大：有数据的年份中最长只有 {run} 个连续年份，少于 {MIN_CONSECUTIVE_YEARS} 个，不判断波动（隔年的数值不能说明一年的突变）"
                )
            });
        }
        return out;
    }
    let level = pts.iter().map(|p| p.1.abs()).sum::<f64>() / pts.len() as f64;
    let floor = MIN_RELATIVE_CHANGE * level;
    // The largest departure first; the next search leaves found spikes out (a spike must not make its
    // neighbours look like spikes), and a candidate that chance explains is set aside.
    let mut rest: Vec<(u16, f64)> = pts.to_vec();
    let mut set_aside: Vec<u16> = Vec::new();
    let mut found: Vec<(u16, String, String)> = Vec::new();
    while rest.len() >= 3 {
        let best = (1..rest.len() - 1)
            .filter(|&i| !set_aside.contains(&rest[i].0))
            .filter_map(|i| spike_at(&rest, i, floor).map(|f| (i, f)))
            .max_by(|a, b| a.1 .1.abs().total_cmp(&b.1 .1.abs()));
        let Some((i, (fit, r, tau))) = best else {
            break;
        };
        let (y, v) = rest[i];
        let plain = format!(
            "{y}年的数值比前后两年都明显{}，像是一年的突变，请核实该年填报",
            if r > 0.0 { "偏高" } else { "偏低" }
        );
        let mut reason = format!(
            "一年突变：{y}年 {} 偏离其余年份的最小二乘趋势线（拟合值 {}）{}，且前后两年都向相反方向；偏离超过其余年份典型年变化（每年变化绝对值的中位数）{} 的 {} 倍",
            N(v),
            N(round4(fit)),
            Signed(round4(r)),
            N(round4(tau)),
            N(SPIKE_FACTOR)
        );
        match chance(y, &rest, counts) {
            Some((p, test)) if p >= ALPHA => {
                t.push(|| format!("{y}年的偏离可由偶然波动解释（{test}，不小于 {}），不作波动较大预警", N(ALPHA)));
                set_aside.push(y);
                continue;
            }
            Some((_, test)) => reason.push_str(&format!("；{test}，小于 {}", N(ALPHA))),
            None => {}
        }
        found.push((y, plain, reason));
        rest.remove(i);
    }
    found.sort_by_key(|f| f.0);
    for (y, plain, reason) in found {
        out.spikes.push(y);
        out.reasons.push((plain, reason));
    }
    out.with_changes(pts, counts, t)
}

/// For an event rate entered as counts: the exact test of the year's count against the other years'
/// together (two Poisson rates equal), as (P, the test in words). None without counts.
fn chance(y: u16, pts: &[(u16, f64)], counts: &CountsOf<'_>) -> Option<(f64, String)> {
    let (k, den, _) = counts(y)?;
    let (mut ko, mut dd, mut n) = (0.0, 0.0, 0);
    for p in pts.iter().filter(|p| p.0 != y) {
        if let Some((k2, d2, _)) = counts(p.0) {
            ko += k2;
            dd += d2;
            n += 1;
        }
    }
    if n == 0 {
        return None;
    }
    let p = rates_test(ko, dd, k, den);
    let test = format!(
        "{y}年 {} 例/{}，其余{n}年合计 {} 例/{}，两者比率相同的精确检验 P {}",
        N(k),
        N(den),
        N(ko),
        N(dd),
        P(p)
    );
    Some((p, test))
}

impl Swings {
    /// Adds the outlying year-on-year changes (modified z-score, else the fallback), leaving out the
    /// changes into and out of a spike year (the spike says it once).
    fn with_changes(mut self, pts: &[(u16, f64)], counts: &CountsOf<'_>, t: &mut Trail) -> Swings {
        let mut flagged = Vec::new();
        for (y, d, why) in changes(pts) {
            let next_to_spike = pts.windows(2).any(|w| w[1].0 == y && (self.spikes.contains(&w[0].0) || self.spikes.contains(&w[1].0)));
            if next_to_spike {
                continue;
            }
            let mut why = why;
            if let (Some((k1, d1, _)), Some((k2, d2, _))) = (counts(y.saturating_sub(1)), counts(y)) {
                let p = rates_test(k1, d1, k2, d2);
                let test = format!(
                    "{}年 {} 例/{}、{y}年 {} 例/{}，两年比率相同的精确检验 P {}",
                    y.saturating_sub(1),
                    N(k1),
                    N(d1),
                    N(k2),
                    N(d2),
                    P(p)
                );
                if p >= ALPHA {
                    t.push(|| {
                        format!("{y}年较上年变化 {} 可由偶然波动解释（{test}，不小于 {}），不作波动较大预警", Signed(d), N(ALPHA))
                    });
                    continue;
                }
                why.push_str(&format!("；{test}，小于 {}", N(ALPHA)));
            }
            let plain = format!("{y}年较上年变化 {}，变化幅度远大于其他年份，请核实填报", Signed(d));
            flagged.push((plain, why));
        }
        self.reasons.extend(flagged);
        self
    }
}

/// Outlying changes between consecutive calendar years with data: (year, change, reason).
fn changes(pts: &[(u16, f64)]) -> Vec<(u16, f64, String)> {
    // At most a few changes: fixed arrays, no allocation unless something is flagged.
    let mut changes = [(0u16, 0.0f64); 16];
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
    let mut buf = [0.0f64; 16];
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
            let m = MODIFIED_Z_SCALE * (d - med) / mad;
            if m.abs() > MODIFIED_Z_LIMIT && d.abs() > floor {
                out.push((
                    y,
                    d,
                    format!(
                        "相邻年份变化：{y}年较上年变化 {}，修正Z值 M = {} × (变化 {} − 中位数 {}) ÷ 中位绝对偏差 {} = {}，绝对值超过 {}",
                        Signed(d),
                        N(MODIFIED_Z_SCALE),
                        N(d),
                        N(med),
                        N(mad),
                        F2(m),
                        N(MODIFIED_Z_LIMIT)
                    ),
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
                out.push((
                    y,
                    d,
                    format!(
                        "相邻年份变化：{y}年较上年变化 {}，超过其他年份变化绝对值中位数 {} 的 {} 倍（变化值少于 {} 个或中位绝对偏差为 0，不用修正Z值）",
                        Signed(d),
                        N(m),
                        N(FALLBACK_FACTOR),
                        MIN_CHANGES_FOR_Z
                    ),
                ));
            }
        }
    }
    out
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vol(pts: &[(u16, f64)]) -> Vec<String> {
        volatility(pts, &|_| None, &mut Trail::off()).reasons.into_iter().map(|r| r.1).collect()
    }

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
        assert!(vol(&pts).is_empty());
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
        let w = vol(&pts);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("2024年较上年"), "{w:?}");
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
        let w = vol(&pts);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("3 倍"), "{w:?}");
        // Four consecutive points, fallback.
        let w = vol(&[(2020, 50.0), (2021, 51.0), (2022, 52.0), (2023, 62.0)]);
        assert_eq!(w.len(), 1, "{w:?}");
        // Three consecutive points: too few to call anything volatile.
        assert!(vol(&[(2020, 50.0), (2021, 51.0), (2022, 60.0)]).is_empty());
    }

    #[test]
    fn spikes_need_adjacent_years_and_four_consecutive_years() {
        // 2020, a middle year, 2025: three points in non-adjacent years are never a spike.
        assert!(vol(&[(2020, 10.0), (2022, 30.0), (2025, 10.0)]).is_empty());
        // A peak whose neighbours are not the years just before and after it is no one-year spike.
        let pts = [(2020, 10.0), (2021, 10.2), (2022, 10.1), (2023, 10.3), (2025, 40.0)];
        assert!(volatility(&pts, &|_| None, &mut Trail::off()).spikes.is_empty());
        let gap = [(2020, 10.0), (2021, 10.2), (2022, 10.1), (2023, 10.3), (2024, 30.0)];
        let mid = [(2020, 10.0), (2021, 10.2), (2022, 30.0), (2024, 10.1), (2025, 10.3)];
        assert!(volatility(&mid, &|_| None, &mut Trail::off()).spikes.is_empty(), "2022 has no 2023 beside it");
        assert!(!vol(&gap).is_empty());
        // The same spike with its neighbours beside it is found.
        let adj = [(2020, 10.0), (2021, 10.2), (2022, 30.0), (2023, 10.1), (2024, 10.3)];
        assert_eq!(volatility(&adj, &|_| None, &mut Trail::off()).spikes, vec![2022]);
        // The explanation says why nothing is judged.
        let mut t = Trail::on();
        volatility(&[(2020, 10.0), (2022, 30.0), (2025, 10.0)], &|_| None, &mut t);
        let lines = t.into_lines();
        assert!(lines.iter().any(|l| l.contains("连续") && l.contains('4')), "{lines:?}");
        assert_eq!(longest_run(&mid), 3);
        assert_eq!(longest_run(&[]), 0);
    }

    #[test]
    fn flat_and_tiny_changes_are_not_volatile() {
        assert!(vol(&[(2020, 5.0), (2021, 5.0), (2022, 5.0), (2023, 5.0)]).is_empty());
        // 0 → 0.1 on a level of 90: below 3 % of the level.
        assert!(vol(&[(2020, 90.0), (2021, 90.0), (2022, 90.0), (2023, 90.1)]).is_empty());
        assert!(vol(&[(2020, 90.0), (2021, 95.0)]).is_empty());
    }
}
