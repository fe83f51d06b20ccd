//! Number display. One rule per unit for every figure a reader sees (screen, charts, Excel, CSV, Word),
//! like a statistical yearbook: % ‰ /10万 and 百分点 with one decimal, counts (人、例、个 …) as integers
//! (one decimal when not whole: averages, projections),
//! years and ages with one decimal, index values (现状指数 CS, 预期进度 AP) with two decimals, anything else
//! with at most two decimals. Inputs are shown as typed (they are the user's text, never reformatted).
//! The audit trail's intermediate figures use `N` (at most four decimals) so a statistician can recompute.

use std::fmt;

/// Displays a number like `fmt_num`: 90 → "90", 14.5 → "14.5", 13.953488 → "13.9535".
#[derive(Debug, Clone, Copy)]
pub(crate) struct N(pub f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::catalogue::write_num(f, self.0)
    }
}

/// Displays a number with exactly two decimals, like `{:.2}` (used for CS, AP and percentages), through
/// integer arithmetic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct F2(pub f64);

impl fmt::Display for F2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let scaled = v * 100.0;
        let frac = (scaled - scaled.trunc()).abs();
        if !v.is_finite() || scaled.abs() >= 1e15 || (frac - 0.5).abs() <= 1e-6 {
            return write!(f, "{v:.2}");
        }
        let a = (scaled.round() as i64).unsigned_abs();
        if v < 0.0 {
            f.write_str("-")?;
        }
        write!(f, "{}.{:02}", a / 100, a % 100)
    }
}

/// Unit of a difference (band width): percentage points for "%", otherwise the unit itself.
pub(crate) fn diff_unit(unit: &str) -> &str {
    if unit == "%" {
        "个百分点"
    } else {
        unit
    }
}

/// Concatenates string pieces into one exactly sized String (cheaper than `format!` for plain text).
pub(crate) fn join(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// "2020年（基数）" for the base year, "2021年" for any other year.
pub(crate) fn year_label(y: u16, base: u16) -> String {
    if y == base {
        format!("{y}年（基数）")
    } else {
        format!("{y}年")
    }
}

/// A change with its sign: +1.5 / −2 / 0.
#[derive(Clone, Copy)]
pub(crate) struct Signed(pub f64);

impl std::fmt::Display for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        if x > 0.0 {
            write!(f, "+{}", N(x))
        } else if x < 0.0 {
            write!(f, "−{}", N(-x))
        } else {
            f.write_str("0")
        }
    }
}

/// A p-value with its relation: "= 0.0123", "< 0.0001" below that.
pub(crate) struct P(pub f64);

impl std::fmt::Display for P {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 < 1e-4 {
            f.write_str("< 0.0001")
        } else {
            write!(f, "= {:.4}", self.0)
        }
    }
}

/// How a unit's figures are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// %, ‰, /10万, 百分点: one decimal.
    Rate,
    /// Whole things counted (人、例、个、名、所、次、张): integers (a value that is not whole, such as an
    /// average per person or a projection, with one decimal).
    Count,
    /// 岁, 年: one decimal.
    Years,
    /// Index values (现状指数 CS, 预期进度 AP): two decimals.
    Index,
    /// Anything else (元, 分钟 …): at most two decimals, trailing zeros dropped.
    Other,
}

impl NumberKind {
    /// The kind of a unit's figures.
    pub fn of_unit(unit: &str) -> NumberKind {
        match unit.trim() {
            "%" | "‰" | "/10万" | "百分点" | "个百分点" => NumberKind::Rate,
            "人" | "例" | "个" | "名" | "所" | "次" | "张" | "项" | "家" | "件" => NumberKind::Count,
            "岁" | "年" => NumberKind::Years,
            _ => NumberKind::Other,
        }
    }
    /// Decimals printed (Other: at most this many).
    pub fn decimals(self) -> u32 {
        match self {
            NumberKind::Count => 0,
            NumberKind::Rate | NumberKind::Years => 1,
            NumberKind::Index | NumberKind::Other => 2,
        }
    }
}

/// A figure rounded to the decimals its unit prints with (for numbers written to Excel and charts).
pub fn round_for_unit(v: f64, unit: &str) -> f64 {
    let kind = NumberKind::of_unit(unit);
    let d = if kind == NumberKind::Count && (v - v.round()).abs() > 1e-9 { 1 } else { kind.decimals() };
    let p = 10f64.powi(d as i32);
    let r = (v * p).round() / p;
    if r == 0.0 { 0.0 } else { r }
}

/// The number of a figure without its unit: "92.0", "3", "0.57" (per the unit's rule; "—" when not finite).
pub fn fmt_number(v: f64, unit: &str) -> String {
    Fig(v, NumberKind::of_unit(unit)).to_string()
}

/// A figure with its unit: "92.0%", "49.8/10万", "3人", "78.5岁" ("—" when missing or not finite).
pub fn fmt_figure(v: Option<f64>, unit: &str) -> String {
    match v {
        Some(v) if v.is_finite() => U(v, unit).to_string(),
        _ => "—".to_string(),
    }
}

/// An index value (现状指数 CS, 预期进度 AP) with two decimals: "0.57".
pub fn fmt_index(v: f64) -> String {
    Fig(v, NumberKind::Index).to_string()
}

/// A number printed by a kind's rule (no unit).
#[derive(Debug, Clone, Copy)]
pub struct Fig(pub f64, pub NumberKind);

impl fmt::Display for Fig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fig(v, kind) = *self;
        if !v.is_finite() {
            return f.write_str("—");
        }
        // A count that is not whole (an average per person, a projection) keeps one decimal: rounding 1.88
        // to "2" beside a target of ≥ 2 would mislead.
        let d = if kind == NumberKind::Count && (v - v.round()).abs() > 1e-9 { 1 } else { kind.decimals() as usize };
        let mut s = format!("{:.*}", d, v);
        if kind == NumberKind::Other && s.contains('.') {
            let t = s.trim_end_matches('0').trim_end_matches('.').len();
            s.truncate(t);
        }
        // No "-0.0".
        if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
            s.remove(0);
        }
        f.write_str(&s)
    }
}

/// A figure with its unit, printed by the unit's rule: "92.0%", "49.8/10万", "3人".
#[derive(Debug, Clone, Copy)]
pub struct U<'a>(pub f64, pub &'a str);

impl fmt::Display for U<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Fig(self.0, NumberKind::of_unit(self.1)), self.1)
    }
}

#[cfg(test)]
mod tests {
    use super::{fmt_figure, fmt_index, fmt_number, round_for_unit, NumberKind, N};

    #[test]
    fn one_rule_per_unit() {
        assert_eq!(fmt_figure(Some(3.260_869), "%"), "3.3%");
        assert_eq!(fmt_figure(Some(79.238_1), "%"), "79.2%");
        assert_eq!(fmt_figure(Some(92.0), "%"), "92.0%");
        assert_eq!(fmt_figure(Some(49.751_2), "/10万"), "49.8/10万");
        assert_eq!(fmt_figure(Some(49.75), "/10万"), "49.8/10万");
        assert_eq!(fmt_figure(Some(4.95), "‰"), "5.0‰");
        assert_eq!(fmt_figure(Some(0.0), "‰"), "0.0‰");
        assert_eq!(fmt_figure(Some(-0.04), "%"), "0.0%");
        assert_eq!(fmt_figure(Some(2.6), "百分点"), "2.6百分点");
        assert_eq!(fmt_figure(Some(3.0), "人"), "3人");
        assert_eq!(fmt_figure(Some(2.6), "例"), "2.6例");
        assert_eq!(fmt_figure(Some(1.8814), "次"), "1.9次");
        assert_eq!(fmt_figure(Some(142.0), "个"), "142个");
        assert_eq!(fmt_figure(Some(78.46), "岁"), "78.5岁");
        assert_eq!(fmt_figure(Some(1234.5), "元"), "1234.5元");
        assert_eq!(fmt_figure(Some(1234.567), "元"), "1234.57元");
        assert_eq!(fmt_figure(None, "%"), "—");
        assert_eq!(fmt_figure(Some(f64::NAN), "%"), "—");
        assert_eq!(fmt_index(0.5), "0.50");
        assert_eq!(fmt_index(-1.234), "-1.23");
        assert_eq!(fmt_number(49.7512, "/10万"), "49.8");
        assert_eq!(round_for_unit(49.7512, "/10万"), 49.8);
        assert_eq!(round_for_unit(2.64, "人"), 2.6);
        assert_eq!(round_for_unit(3.0, "人"), 3.0);
        assert_eq!(round_for_unit(1234.567, "元"), 1234.57);
        assert_eq!(NumberKind::of_unit("‰"), NumberKind::Rate);
        assert_eq!(NumberKind::of_unit("所"), NumberKind::Count);
    }
    use crate::catalogue::fmt_num;

    /// The original, exact formatting (float-to-decimal with 4 decimals, zeros trimmed).
    fn reference(v: f64) -> String {
        if (v - v.round()).abs() < 1e-9 {
            format!("{}", v.round() as i64)
        } else {
            let s = format!("{:.4}", v);
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }

    #[test]
    fn two_decimals_like_std() {
        let mut x: u64 = 7;
        let mut vals = vec![
            0.0,
            0.6,
            -0.004,
            -0.005,
            1.005,
            2.675,
            0.125,
            -1.5,
            123.456,
            1e16,
            f64::NAN,
        ];
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            vals.push(((x >> 30) as f64 / ((x & 0xfff) as f64 + 1.0)) - 1000.0);
        }
        for v in vals {
            assert_eq!(super::F2(v).to_string(), format!("{v:.2}"), "{v:e}");
        }
    }

    #[test]
    fn same_text_as_exact_formatting() {
        let mut vals = vec![
            0.0,
            90.0,
            14.5,
            13.953488,
            0.05,
            -0.25,
            -15.0,
            100000.0,
            0.99999,
            1.00004,
            17.1,
            2.0 / 3.0,
            1e-7,
            -1e-5,
            123456.7891,
            1.00005,
            2.00015,
            0.00005,
            1e15 + 0.5,
            3.3e17,
            -7.77777,
            19.999951,
        ];
        // A deterministic sweep of ratios like the ones rates produce.
        let mut x: u64 = 42;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let n = (x >> 40) as f64;
            let d = ((x >> 8) & 0xffff) as f64 + 1.0;
            vals.push(n / d * [1.0, 100.0, 1000.0, 100_000.0][(x & 3) as usize]);
            vals.push(-(n / d));
        }
        for v in vals {
            assert_eq!(fmt_num(v), reference(v), "{v:e}");
            assert_eq!(N(v).to_string(), reference(v), "{v:e}");
        }
    }
}
