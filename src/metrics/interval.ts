/**
 * Confidence intervals for the rates in summary.csv and metrics.csv. A cell has a few dozen
 * probes at most, so the normal approximation (p ± z·√(p(1−p)/n)) is wrong where it matters most:
 * at 16/16 it gives [1, 1]. The Wilson score interval stays inside [0, 1] and keeps its coverage
 * for small n and rates near 0 or 1 (Newcombe 1998, method 3).
 */

/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal. */
export const Z_95 = 1.959963984540054;

/** How summary.csv's intervals are computed; run.json names it. */
export const WILSON_METHOD = 'wilson-score-95';

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval of a proportion `successes / n` (successes may be fractional: a mean
 * of per-probe rates in 0..1 reads as that many successes, exact when every rate is 0 or 1).
 * Null when n is 0: there is nothing to estimate.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval | null {
  if (n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`wilsonInterval: successes ${successes} outside 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp float noise: at p = 0 the low end is 0 exactly, not -1e-17.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
