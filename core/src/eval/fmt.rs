//! Fast number display for the audit trail: same text as `catalogue::fmt_num` (at most 4 decimals,
//! trailing zeros trimmed) but written through integer formatting, without float-to-decimal bignum work
//! or an intermediate String — the explanation lines are the bulk of the evaluation's cost.

use std::fmt;

/// Displays a number like `fmt_num`: 90 → "90", 14.5 → "14.5", 13.953488 → "13.9535".
#[derive(Debug, Clone, Copy)]
pub(crate) struct N(pub f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if !v.is_finite() || v.abs() >= 1e14 {
            return f.write_str(&crate::catalogue::fmt_num(v));
        }
        let scaled = (v * 10_000.0).round() as i64;
        if scaled == 0 {
            return f.write_str("0");
        }
        let neg = scaled < 0;
        let a = scaled.unsigned_abs();
        let (int, mut frac) = (a / 10_000, a % 10_000);
        if neg {
            f.write_str("-")?;
        }
        write!(f, "{int}")?;
        if frac == 0 {
            return Ok(());
        }
        let mut width = 4;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        write!(f, ".{frac:0width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::N;
    use crate::catalogue::fmt_num;

    #[test]
    fn same_text_as_fmt_num() {
        for v in [0.0, 90.0, 14.5, 13.953488, 0.05, -0.25, -15.0, 100000.0, 0.99999, 1.00004, 17.1, 2.0 / 3.0, 1e-7, 123456.7891] {
            assert_eq!(N(v).to_string(), fmt_num(v), "{v}");
        }
    }
}
