//! 退步 of an event rate must be a real movement: the judged year's count against the reference year's by
//! the exact test already used for 波动较大 (two Poisson rates equal, conditional binomial; P < `ALPHA`).
//! A worsening that chance explains is not called 退步 (see section 2 of the rules in `eval/mod.rs`).

use super::fmt::{P, N};
use super::judged::{ChangeTest, Ctx};
use super::poisson::{poisson_test, rates_test, ALPHA};
use super::series::Series;
use super::small::{names, year_counts};

impl ChangeTest {
    /// "2025年", or "2023–2025年合计" for a pooled rate.
    fn when(&self) -> String {
        match self.from {
            Some(f) if f < self.year => format!("{f}–{}年合计", self.year),
            _ => format!("{}年", self.year),
        }
    }

    /// True when chance explains the change (P ≥ `ALPHA`): no 退步.
    pub(crate) fn within_chance(&self) -> bool {
        self.p >= ALPHA
    }

    /// The statistician's working: the test, its inputs and its P against the threshold.
    pub(crate) fn working(&self, ctx: &Ctx) -> String {
        let (num, den) = names(ctx.ind);
        let (k2, d2) = self.counts;
        let head = match self.ref_counts {
            Some((k1, d1)) => format!(
                "退步检验（两个泊松率相等的精确检验，条件二项 B({}, {} ÷ ({} + {}))）：{}年{num} {} /{den} {}，{} {} /{}",
                N(k1 + k2),
                N(d2),
                N(d1),
                N(d2),
                self.ref_year,
                N(k1),
                N(d1),
                self.when(),
                N(k2),
                N(d2)
            ),
            None => format!(
                "退步检验（精确泊松检验：{}{num} {} 对按{}年比率 {}{} 应有的 {} 例）",
                self.when(),
                N(k2),
                self.ref_year,
                N(self.ref_value),
                ctx.unit(),
                N(round4(self.ref_value * d2 / self.scale))
            ),
        };
        let verdict = if self.within_chance() {
            format!("P {} ≥ {}，变化可由偶然波动解释，不判为退步", P(self.p), N(ALPHA))
        } else {
            format!("P {} < {}，变化超出偶然波动", P(self.p), N(ALPHA))
        };
        format!("{head}；{verdict}")
    }

    /// The plain sentence: both counts and that the change is within chance.
    pub(crate) fn plain(&self, ctx: &Ctx) -> String {
        let (num, _) = names(ctx.ind);
        let (k2, _) = self.counts;
        let then = match self.ref_counts {
            Some((k1, _)) => format!("{}年{num} {} 例", self.ref_year, N(k1)),
            None => format!("{}年比率 {}{}", self.ref_year, N(self.ref_value), ctx.unit()),
        };
        format!(
            "{}{num} {} 例，{then}，例数少，这一变化在偶然波动范围内，不能认定为退步",
            self.when(),
            N(k2)
        )
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// For an event rate whose judged year `ly` was entered as counts: the exact test of its count against the
/// reference year `ry` (value `rv`). None for other indicators (today's rule with `min_change` applies).
pub(crate) fn change_test(ctx: &Ctx, s: &Series, (ry, rv): (u16, f64), ly: u16) -> Option<ChangeTest> {
    if !ctx.ind.counts_events() {
        return None;
    }
    let (k2, d2, scale) = s.years.iter().find(|d| d.year == ly).and_then(year_counts)?;
    let ref_counts = s.years.iter().find(|d| d.year == ry).and_then(year_counts);
    let p = match ref_counts {
        Some((k1, d1, _)) => rates_test(k1, d1, k2, d2),
        None => poisson_test(k2, rv * d2 / scale),
    };
    Some(ChangeTest {
        ref_year: ry,
        ref_counts: ref_counts.map(|(k, d, _)| (k, d)),
        ref_value: rv,
        year: ly,
        from: None,
        counts: (k2, d2),
        scale,
        p,
    })
}
