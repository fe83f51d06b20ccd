//! A fixed criterion (threshold or band) and how a value compares with it: met, within the 基本实现
//! tolerance, or missed; plus the signed shortfall used to detect 退步.

use super::fmt::N;
use crate::catalogue::Op;

/// Absolute epsilon (scaled by the magnitude) for float comparisons, so 0.1 + 0.2 meets ≥ 0.3.
pub(crate) const EPS: f64 = 1e-9;

pub(crate) fn eps(x: f64) -> f64 {
    EPS * x.abs().max(1.0)
}

/// How a value compares with a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Met,
    Basic,
    Miss,
}

impl Level {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Level::Met => "达到",
            Level::Basic => "未达到，但在基本实现容差内",
            Level::Miss => "未达到",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Criterion {
    /// v op target (op is one of ≥ ≤ > < =; ≈ is turned into a band by the caller).
    Threshold { op: Op, target: f64 },
    /// lo ≤ v ≤ hi (inclusive).
    Band { lo: f64, hi: f64 },
}

impl Criterion {
    /// Compares `v` with the criterion, `tol` = relative 基本实现 tolerance.
    pub(crate) fn level(&self, v: f64, tol: f64) -> Level {
        match *self {
            Criterion::Threshold { op, target: t } => {
                let e = eps(t);
                let slack = tol * t.abs();
                let (met, basic) = match op {
                    Op::Ge => (v >= t - e, v >= t - slack - e),
                    Op::Gt => (v > t + e, v >= t - slack - e),
                    Op::Le => (v <= t + e, v <= t + slack + e),
                    Op::Lt => (v < t - e, v <= t + slack + e),
                    Op::Eq | Op::Approx => ((v - t).abs() <= e, (v - t).abs() <= slack + e),
                };
                if met {
                    Level::Met
                } else if basic {
                    Level::Basic
                } else {
                    Level::Miss
                }
            }
            Criterion::Band { lo, hi } => {
                if v >= lo - eps(lo) && v <= hi + eps(hi) {
                    Level::Met
                } else if v >= lo - tol * lo.abs() - eps(lo) && v <= hi + tol * hi.abs() + eps(hi) {
                    Level::Basic
                } else {
                    Level::Miss
                }
            }
        }
    }

    /// Signed distance from meeting the criterion: larger = worse. For thresholds it is negative when the
    /// value exceeds the target (so moving further beyond still counts as improvement); for bands it is
    /// the distance outside the band (0 inside).
    pub(crate) fn shortfall(&self, v: f64) -> f64 {
        match *self {
            Criterion::Threshold { op, target: t } => match op {
                Op::Ge | Op::Gt => t - v,
                Op::Le | Op::Lt => v - t,
                Op::Eq | Op::Approx => (v - t).abs(),
            },
            Criterion::Band { lo, hi } => (lo - v).max(v - hi).max(0.0),
        }
    }

    /// Rule text, e.g. "≥ 90%（含本数）" or "在 38%–42% 之间（含端点）".
    pub(crate) fn describe<'a>(&self, unit: &'a str) -> Describe<'a> {
        Describe {
            c: *self,
            unit,
            basic: None,
        }
    }

    /// The 基本实现 range in words, e.g. "≥ 89.1%".
    pub(crate) fn describe_basic<'a>(&self, unit: &'a str, tol: f64) -> Describe<'a> {
        Describe {
            c: *self,
            unit,
            basic: Some(tol),
        }
    }

    /// The single target figure for CS/AP (threshold target or band centre).
    pub(crate) fn target_point(&self) -> f64 {
        match *self {
            Criterion::Threshold { target, .. } => target,
            Criterion::Band { lo, hi } => (lo + hi) / 2.0,
        }
    }
}

/// Display of a criterion (or of its 基本实现 range when `basic` holds the tolerance), without allocating.
pub(crate) struct Describe<'a> {
    c: Criterion,
    unit: &'a str,
    basic: Option<f64>,
}

impl std::fmt::Display for Describe<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = self.unit;
        match (self.c, self.basic) {
            (Criterion::Threshold { op, target }, None) => {
                let note = match op {
                    Op::Ge | Op::Le => "（含本数）",
                    Op::Gt | Op::Lt => "（不含本数）",
                    _ => "",
                };
                write!(f, "{} {}{unit}{note}", op.symbol(), N(target))
            }
            (Criterion::Band { lo, hi }, None) => {
                write!(f, "在 {}{unit}–{}{unit} 之间（含端点）", N(lo), N(hi))
            }
            (Criterion::Threshold { op, target: t }, Some(tol)) => {
                let slack = tol * t.abs();
                match op {
                    Op::Ge | Op::Gt => write!(f, "≥ {}{unit}", N(t - slack)),
                    Op::Le | Op::Lt => write!(f, "≤ {}{unit}", N(t + slack)),
                    Op::Eq | Op::Approx => {
                        write!(f, "在 {}{unit}–{}{unit} 之间", N(t - slack), N(t + slack))
                    }
                }
            }
            (Criterion::Band { lo, hi }, Some(tol)) => {
                write!(
                    f,
                    "在 {}{unit}–{}{unit} 之间",
                    N(lo - tol * lo.abs()),
                    N(hi + tol * hi.abs())
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inclusive_thresholds_and_tolerance() {
        let ge = Criterion::Threshold {
            op: Op::Ge,
            target: 90.0,
        };
        assert_eq!(ge.level(90.0, 0.01), Level::Met);
        assert_eq!(ge.level(89.2, 0.01), Level::Basic);
        assert_eq!(ge.level(89.0, 0.01), Level::Miss);
        let gt = Criterion::Threshold {
            op: Op::Gt,
            target: 90.0,
        };
        assert_eq!(gt.level(90.0, 0.01), Level::Basic);
        let le = Criterion::Threshold {
            op: Op::Le,
            target: 20.0,
        };
        assert_eq!(le.level(20.0, 0.01), Level::Met);
        assert_eq!(le.level(20.1, 0.01), Level::Basic);
        assert_eq!(le.level(20.3, 0.01), Level::Miss);
        let band = Criterion::Band { lo: 38.0, hi: 42.0 };
        assert_eq!(band.level(42.0, 0.01), Level::Met);
        assert_eq!(band.level(42.3, 0.01), Level::Basic);
        assert_eq!(band.level(37.0, 0.01), Level::Miss);
        assert!(band.shortfall(37.0) > band.shortfall(37.5));
        assert_eq!(band.shortfall(40.0), 0.0);
        assert_eq!(ge.describe("%").to_string(), "≥ 90%（含本数）");
        assert_eq!(ge.describe_basic("%", 0.01).to_string(), "≥ 89.1%");
        assert_eq!(gt.describe("%").to_string(), "> 90%（不含本数）");
        assert_eq!(band.describe("%").to_string(), "在 38%–42% 之间（含端点）");
        assert_eq!(
            band.describe_basic("%", 0.01).to_string(),
            "在 37.62%–42.42% 之间"
        );
    }
}
