//! Paired significance tests over per-query values: is `current` different from
//! `baseline` beyond what chance would give on this many queries?
//!
//! Pure functions over two equally long slices of numbers (one value per query, in the
//! same order). Nothing here knows what a metric, a query or a ranking is.
//!
//! - [`randomization_test`]: the two-sided Fisher randomization test (paired sign flip).
//!   Under the null hypothesis each query's difference is as likely to have either sign,
//!   so the p-value is the share of sign assignments whose summed difference is at least
//!   as far from 0 as the one observed. Queries with no difference do not change the sum
//!   under any flip, so only the `n` changed ones count: with `n <=` [`EXACT_MAX`] all
//!   `2^n` assignments are enumerated (an exact p-value), otherwise `permutations` random
//!   ones are drawn from a fixed seed and `p = (hits + 1) / (permutations + 1)`, as
//!   `scipy.stats.permutation_test` does.
//! - [`paired_t_test`]: Student's paired t-test, two-sided, with `n - 1` degrees of
//!   freedom (`scipy.stats.ttest_rel`); the t distribution comes from the regularized
//!   incomplete beta function.
//!
//! Both return 1 when nothing changed (scipy's t-test gives NaN there).

/// Differences within this of 0 count as no change (ties).
pub const TIE: f64 = 1e-9;

/// Up to this many changed values the randomization test enumerates every sign
/// assignment (2^20, about a million) instead of sampling.
pub const EXACT_MAX: usize = 20;

/// The seed of the sampled randomization test, so a run is repeatable.
pub const SEED: u64 = 0x6e65_7773_6465_7816;

/// Two-sided paired randomization (sign-flip) test of `current - baseline`.
///
/// `permutations` random sign assignments are drawn from `seed` when more than
/// [`EXACT_MAX`] values changed; otherwise the test is exact.
///
/// # Panics
///
/// When the slices differ in length (a caller bug, not user input).
pub fn randomization_test(
    baseline: &[f64],
    current: &[f64],
    permutations: usize,
    seed: u64,
) -> f64 {
    let diffs = changes(baseline, current);
    if diffs.is_empty() {
        return 1.0;
    }
    let observed: f64 = diffs.iter().sum::<f64>().abs();
    // Sums reached in another order differ in the last bits: a flip whose sum equals the
    // observed one up to rounding counts as reaching it.
    let tolerance = 1e-9 * diffs.iter().map(|d| d.abs()).sum::<f64>();
    let reaches = |sum: f64| sum.abs() >= observed - tolerance;
    let n = diffs.len();
    if n <= EXACT_MAX {
        // Gray code: each step flips one sign, so each assignment costs O(1).
        let mut signs = vec![1.0f64; n];
        let mut sum: f64 = diffs.iter().sum();
        let mut hits = u64::from(reaches(sum));
        for step in 1u64..(1u64 << n) {
            let j = step.trailing_zeros() as usize;
            sum -= 2.0 * signs[j] * diffs[j];
            signs[j] = -signs[j];
            hits += u64::from(reaches(sum));
        }
        return hits as f64 / (1u64 << n) as f64;
    }
    let mut rng = SplitMix64(seed);
    let mut hits = 0u64;
    for _ in 0..permutations {
        let mut sum = 0.0;
        for chunk in diffs.chunks(64) {
            let bits = rng.next();
            for (i, d) in chunk.iter().enumerate() {
                sum += if bits >> i & 1 == 1 { *d } else { -*d };
            }
        }
        hits += u64::from(reaches(sum));
    }
    (hits + 1) as f64 / (permutations as u64 + 1) as f64
}

/// Two-sided paired t-test of `current - baseline` (`scipy.stats.ttest_rel`).
///
/// Returns 1 when nothing changed or there are fewer than two values, and 0 when every
/// value changed by the same non-zero amount (no variance, a certain difference).
///
/// # Panics
///
/// When the slices differ in length (a caller bug, not user input).
pub fn paired_t_test(baseline: &[f64], current: &[f64]) -> f64 {
    assert_eq!(baseline.len(), current.len(), "paired values");
    let diffs: Vec<f64> = baseline
        .iter()
        .zip(current)
        .map(|(b, c)| if (c - b).abs() <= TIE { 0.0 } else { c - b })
        .collect();
    let n = diffs.len();
    if n < 2 || diffs.iter().all(|d| *d == 0.0) {
        return 1.0;
    }
    let mean = diffs.iter().sum::<f64>() / n as f64;
    let variance = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    if variance <= f64::EPSILON * mean * mean {
        return if mean.abs() <= TIE { 1.0 } else { 0.0 };
    }
    let t = mean / (variance / n as f64).sqrt();
    student_t_two_sided(t, (n - 1) as f64)
}

/// `P(|T| >= |t|)` for Student's t with `df` degrees of freedom.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return 0.0;
    }
    regularized_incomplete_beta(df / (df + t * t), df / 2.0, 0.5).clamp(0.0, 1.0)
}

/// The changed differences `current - baseline`.
fn changes(baseline: &[f64], current: &[f64]) -> Vec<f64> {
    assert_eq!(baseline.len(), current.len(), "paired values");
    baseline
        .iter()
        .zip(current)
        .map(|(b, c)| c - b)
        .filter(|d| d.abs() > TIE)
        .collect()
}

/// `I_x(a, b)`, the regularized incomplete beta function (Numerical Recipes' `betai`:
/// a continued fraction evaluated by the modified Lentz method).
pub fn regularized_incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the
    // symmetry I_x(a, b) = 1 - I_{1-x}(b, a) on the other side.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_continued_fraction(1.0 - x, b, a) / b
    }
}

/// Below this a Lentz denominator counts as zero and is replaced, to avoid dividing by it.
const LENTZ_TINY: f64 = 1e-300;

/// One term `aa` of the continued fraction in the modified Lentz method: updates `c` and
/// `d` and returns the factor the fraction's value is multiplied by.
fn lentz_step(aa: f64, c: &mut f64, d: &mut f64) -> f64 {
    *d = 1.0 + aa * *d;
    if d.abs() < LENTZ_TINY {
        *d = LENTZ_TINY;
    }
    *c = 1.0 + aa / *c;
    if c.abs() < LENTZ_TINY {
        *c = LENTZ_TINY;
    }
    *d = 1.0 / *d;
    *d * *c
}

fn beta_continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = LENTZ_TINY;
    const EPS: f64 = 1e-15;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        h *= lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), &mut c, &mut d);
        let delta = lentz_step(
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
            &mut c,
            &mut d,
        );
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
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
        // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// A small, well-mixed generator (Steele, Lea and Flood's SplitMix64): enough for drawing
/// sign flips, and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tolerance: f64) {
        assert!(
            (got - want).abs() <= tolerance,
            "got {got}, want {want} (within {tolerance})"
        );
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        close(ln_gamma(1.0), 0.0, 1e-13);
        close(ln_gamma(5.0), 24f64.ln(), 1e-13);
        close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13);
        close(ln_gamma(20.5), 40.831_500_974_530_8, 1e-10); // math.lgamma(20.5)
    }

    #[test]
    fn nothing_changed_gives_p_one() {
        let values = [0.5, 1.0, 0.25, 0.0];
        assert_eq!(randomization_test(&values, &values, 10_000, SEED), 1.0);
        assert_eq!(paired_t_test(&values, &values), 1.0);
    }

    #[test]
    fn a_constant_change_is_certain_for_the_t_test() {
        assert_eq!(paired_t_test(&[0.1, 0.2, 0.3], &[0.2, 0.3, 0.4]), 0.0);
        // Three queries all gaining: 2 of the 8 sign assignments reach the observed sum.
        assert_eq!(
            randomization_test(&[0.1, 0.2, 0.3], &[0.2, 0.3, 0.4], 10, SEED),
            0.25
        );
    }

    #[test]
    fn the_sampled_test_repeats_with_its_seed() {
        let baseline: Vec<f64> = (0..30).map(|i| f64::from(i % 7) / 7.0).collect();
        let current: Vec<f64> = (0..30).map(|i| f64::from((i * 3) % 8) / 8.0).collect();
        let p = randomization_test(&baseline, &current, 10_000, SEED);
        assert_eq!(p, randomization_test(&baseline, &current, 10_000, SEED));
        assert!(p > 0.0 && p <= 1.0);
    }

    // Reference values from scipy 1.17.1, by tests/scripts/scipy_reference.py (run it to
    // see the inputs and outputs):
    //   scipy.stats.ttest_rel(current, baseline).pvalue
    //   scipy.stats.permutation_test((current, baseline), mean difference,
    //       permutation_type='samples', alternative='two-sided', n_resamples=...).pvalue
    // exact (n_resamples=inf) for 8 pairs, 2,000,000 resamples for 30.
    const BASELINE_8: [f64; 8] = [0.5, 0.75, 1.0, 0.2, 0.6, 0.9, 0.3, 0.45];
    const CURRENT_8: [f64; 8] = [0.55, 0.7, 1.0, 0.35, 0.8, 0.95, 0.3, 0.6];
    const SCIPY_T_8: f64 = 0.06373101530263678;
    const SCIPY_PERM_8: f64 = 0.125;
    const SCIPY_T_30: f64 = 0.10996852212800926;
    const SCIPY_PERM_30: f64 = 0.12508693745653127;
    const SCIPY_T_SF_2_5: f64 = 0.10193947882985835;
    const SCIPY_T_SF_05_38: f64 = 0.6199583140362964;
    const SCIPY_T_SF_10_3: f64 = 0.0021283990584141503;

    #[test]
    fn small_vectors_agree_with_scipy() {
        close(paired_t_test(&BASELINE_8, &CURRENT_8), SCIPY_T_8, 1e-9);
        close(
            randomization_test(&BASELINE_8, &CURRENT_8, 100_000, SEED),
            SCIPY_PERM_8,
            1e-9,
        );
    }

    fn vectors_30() -> (Vec<f64>, Vec<f64>) {
        let baseline: Vec<f64> = (0..30u32).map(|i| f64::from((i * 7) % 11) / 10.0).collect();
        let current: Vec<f64> = (0..30u32)
            .map(|i| f64::from((i * 7) % 11) / 10.0 + f64::from((i * 5) % 9) / 20.0 - 0.15)
            .collect();
        (baseline, current)
    }

    #[test]
    fn sampled_vectors_agree_with_scipy() {
        let (baseline, current) = vectors_30();
        close(paired_t_test(&baseline, &current), SCIPY_T_30, 1e-9);
        close(
            randomization_test(&baseline, &current, 100_000, SEED),
            SCIPY_PERM_30,
            0.01,
        );
    }

    #[test]
    fn student_t_matches_scipy() {
        // scipy.stats.t.sf(t, df) * 2
        close(student_t_two_sided(2.0, 5.0), SCIPY_T_SF_2_5, 1e-12);
        close(student_t_two_sided(0.5, 38.0), SCIPY_T_SF_05_38, 1e-12);
        close(student_t_two_sided(10.0, 3.0), SCIPY_T_SF_10_3, 1e-12);
    }
}
