//! Number display for the audit trail: `catalogue::write_num` (same text as `fmt_num`) as a `Display`
//! value, so numbers are written straight into the explanation line without an intermediate String.

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

#[cfg(test)]
mod tests {
    use super::N;
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
