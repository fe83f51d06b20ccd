//! Exact distributions for small counts: the Poisson and binomial tails (through the regularized incomplete
//! gamma and beta functions), the exact (Garwood) 95 % limits of a Poisson count, and the exact tests the
//! evaluation uses to tell a swing from chance. Pure arithmetic; every figure can be checked in R:
//! `poisson.test(k)$conf.int`, `ppois(k, mu)`, `binom.test(k, n, p)$p.value`.

/// Two-sided level of the intervals and tests: 95 % limits, P < 0.05.
pub const ALPHA: f64 = 0.05;

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-13).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularized lower incomplete gamma P(a, x) (series for x < a + 1, else continued fraction).
pub(crate) fn gamma_p(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if a <= 0.0 {
        return 1.0;
    }
    let lead = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut sum, mut term, mut n) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            n += 1.0;
            term *= x / n;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        (sum.ln() + lead).exp().min(1.0)
    } else {
        1.0 - gamma_q_cf(a, x, lead)
    }
}

/// Q(a, x) = 1 − P(a, x) by Lentz's continued fraction (x ≥ a + 1).
fn gamma_q_cf(a: f64, x: f64, lead: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (lead.exp() * h).clamp(0.0, 1.0)
}

/// P(X ≤ k) for X ~ Poisson(mu); k ≥ 0 (a non-integer k is the continuous extension Q(k + 1, mu)).
pub fn poisson_cdf(k: f64, mu: f64) -> f64 {
    if k < 0.0 {
        return 0.0;
    }
    if mu <= 0.0 {
        return 1.0;
    }
    1.0 - gamma_p(k + 1.0, mu)
}

/// P(X ≥ k) for X ~ Poisson(mu) (1 for k ≤ 0).
pub fn poisson_sf(k: f64, mu: f64) -> f64 {
    if k <= 0.0 {
        return 1.0;
    }
    if mu <= 0.0 {
        return 0.0;
    }
    gamma_p(k, mu)
}

/// Solves P(j, m) = target for m (P the regularized lower incomplete gamma, increasing in m from 0 to 1;
/// P(j, m) = P(X ≥ j) for X ~ Poisson(m)) by Newton's method on its derivative m^(j−1) e^(−m) / Γ(j),
/// kept inside a bracket that every step narrows (a step leaving it is replaced by bisection), to 1e-12
/// relative. Newton needs ~5–10 evaluations where bisection alone needed ~45.
fn solve_gamma_p(j: f64, target: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, j + 20.0 * (j + 1.0).sqrt() + 20.0);
    let ln_gamma_j = ln_gamma(j);
    let mut m = j.max(1e-3);
    for _ in 0..200 {
        let f = gamma_p(j, m) - target;
        if f < 0.0 {
            lo = m;
        } else {
            hi = m;
        }
        let slope = ((j - 1.0) * m.ln() - m - ln_gamma_j).exp();
        let newton = m - f / slope;
        let next = if slope > 0.0 && newton.is_finite() && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let done = (next - m).abs() <= 1e-12 * m.max(1e-12) || hi - lo <= 1e-12 * hi.max(1e-12);
        m = next;
        if done {
            break;
        }
    }
    m
}

/// Exact (Garwood) 95 % limits of the mean of a Poisson count k: the lower limit L solves P(X ≥ k | L) =
/// 2.5 % (0 when k = 0), the upper U solves P(X ≤ k | U) = 2.5 %, i.e. P(X ≥ k + 1 | U) = 97.5 %. Same as
/// χ²(0.025; 2k)/2 and χ²(0.975; 2k + 2)/2, and as R's `poisson.test(k)$conf.int`.
pub fn poisson_limits(k: f64) -> (f64, f64) {
    let k = k.max(0.0);
    let half = ALPHA / 2.0;
    let lo = if k <= 0.0 { 0.0 } else { solve_gamma_p(k, half) };
    (lo, solve_gamma_p(k + 1.0, 1.0 - half))
}

/// Two-sided exact Poisson test of an observed count k against the expected mu: 2 × the smaller tail,
/// at most 1 (the doubling rule of `poisson.test`'s central interval).
pub fn poisson_test(k: f64, mu: f64) -> f64 {
    if mu <= 0.0 {
        return if k > 0.0 { 0.0 } else { 1.0 };
    }
    (2.0 * poisson_cdf(k, mu).min(poisson_sf(k, mu))).min(1.0)
}

/// Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes `betai`).
pub(crate) fn beta_i(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let lead = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        (lead.exp() * beta_cf(a, b, x) / a).clamp(0.0, 1.0)
    } else {
        (1.0 - lead.exp() * beta_cf(b, a, 1.0 - x) / b).clamp(0.0, 1.0)
    }
}

fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..10_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// P(X ≥ k) for X ~ Binomial(n, p) (= I_p(k, n − k + 1)).
pub fn binom_sf(k: f64, n: f64, p: f64) -> f64 {
    if k <= 0.0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    beta_i(k, n - k + 1.0, p)
}

/// P(X ≤ k) for X ~ Binomial(n, p).
pub fn binom_cdf(k: f64, n: f64, p: f64) -> f64 {
    if k >= n {
        return 1.0;
    }
    if k < 0.0 {
        return 0.0;
    }
    1.0 - binom_sf(k + 1.0, n, p)
}

/// Exact test that two Poisson rates are equal: given the total k1 + k2 events, k2 is Binomial(k1 + k2,
/// d2 ÷ (d1 + d2)) under equal rates (d = denominators). Two-sided p (2 × the smaller tail, at most 1),
/// as R's `binom.test(k2, k1 + k2, d2 / (d1 + d2))` with the doubling rule.
pub fn rates_test(k1: f64, d1: f64, k2: f64, d2: f64) -> f64 {
    let n = k1 + k2;
    if n <= 0.0 || d1 <= 0.0 || d2 <= 0.0 {
        return 1.0;
    }
    let p = d2 / (d1 + d2);
    (2.0 * binom_cdf(k2, n, p).min(binom_sf(k2, n, p))).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-3)
    }

    /// Published exact 95 % Poisson limits (Garwood 1936; the table of Ulm 1990, as used by NCHS and in
    /// `poisson.test`): count → (lower, upper).
    #[test]
    fn garwood_limits_match_published_values() {
        let table = [
            (0.0, 0.0, 3.6889),
            (1.0, 0.0253, 5.5716),
            (2.0, 0.2422, 7.2247),
            (3.0, 0.6187, 8.7673),
            (5.0, 1.6235, 11.6683),
            (10.0, 4.7954, 18.3904),
            (20.0, 12.2165, 30.8884),
        ];
        for (k, lo, hi) in table {
            let (l, h) = poisson_limits(k);
            // The table gives four decimals: agree to half a unit of the last one.
            assert!((l - lo).abs() <= 5e-5, "k={k}: lower {l} ≠ {lo}");
            assert!((h - hi).abs() <= 5e-5, "k={k}: upper {h} ≠ {hi}");
        }
    }

    /// The limits solve their defining equations, from no events to district and province sizes (and
    /// for a non-integer count, the continuous extension).
    #[test]
    fn limits_solve_their_equations_for_small_and_large_counts() {
        let ks = (0..=60).map(f64::from).chain([2.5, 99.0, 250.0, 1_000.0, 12_345.0, 100_000.0]);
        for k in ks {
            let (l, h) = poisson_limits(k);
            assert!(l < k.max(1e-9) && h > k, "k={k}: {l}–{h} does not surround the count");
            if k > 0.0 {
                assert!((poisson_sf(k, l) - 0.025).abs() < 1e-9, "k={k}: P(X ≥ k | {l}) = {}", poisson_sf(k, l));
            }
            assert!((poisson_cdf(k, h) - 0.025).abs() < 1e-9, "k={k}: P(X ≤ k | {h}) = {}", poisson_cdf(k, h));
        }
    }

    #[test]
    fn tails_match_known_values() {
        // ppois(2, 1) = 0.9196986; ppois(0, 3) = exp(−3).
        assert!(close(poisson_cdf(2.0, 1.0), 0.919_698_6, 1e-6));
        assert!(close(poisson_cdf(0.0, 3.0), (-3.0f64).exp(), 1e-9));
        // P(X ≥ 5 | 1) = 1 − ppois(4, 1) = 0.003659847.
        assert!(close(poisson_sf(5.0, 1.0), 0.003_659_847, 1e-5));
        // Large counts use the continued fraction: ppois(100, 100) = 0.5265622.
        assert!(close(poisson_cdf(100.0, 100.0), 0.526_562_2, 1e-5));
        // pbinom(3, 10, 0.5) = 0.171875; P(X ≥ 8 | 10, 0.5) = 0.0546875.
        assert!(close(binom_cdf(3.0, 10.0, 0.5), 0.171_875, 1e-9));
        assert!(close(binom_sf(8.0, 10.0, 0.5), 0.054_687_5, 1e-9));
        assert!(close(ln_gamma(10.0), 362_880f64.ln(), 1e-12));
    }

    #[test]
    fn tests_of_counts() {
        // 3 events where 1 was expected: 2 × P(X ≥ 3 | 1) = 2 × 0.0803014 = 0.1606.
        assert!(close(poisson_test(3.0, 1.0), 0.160_602_8, 1e-5));
        assert_eq!(poisson_test(0.0, 0.0), 1.0);
        assert_eq!(poisson_test(2.0, 0.0), 0.0);
        // Equal denominators: 10 vs 0 events → 2 × 0.5^10.
        assert!(close(rates_test(0.0, 100.0, 10.0, 100.0), 2.0 * 0.5f64.powi(10), 1e-9));
        // 5 vs 5 on equal denominators: p = 1.
        assert_eq!(rates_test(5.0, 100.0, 5.0, 100.0), 1.0);
    }
}
