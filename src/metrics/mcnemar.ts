/**
 * The exact McNemar test on paired pass/fail outcomes: the same probes answered by a baseline and
 * a current run. Only the discordant probes carry information — `worse` passed before and fails
 * now, `better` the reverse — and under "no change" each discordant probe is a fair coin, so the
 * count of either kind is Binomial(worse + better, 1/2). Exact rather than the chi-square form
 * because a cell has 16 probes and a handful of flips, far below where the approximation holds.
 */

/** Two-sided p-value: twice the smaller binomial tail, capped at 1; 1 when nothing flipped. */
export function exactMcNemarP(worse: number, better: number): number {
  if (!Number.isInteger(worse) || !Number.isInteger(better) || worse < 0 || better < 0)
    throw new RangeError(`exactMcNemarP: counts must be whole and non-negative (got ${worse}, ${better})`);
  const n = worse + better;
  if (n === 0) return 1;
  const k = Math.min(worse, better);
  // Sum C(n, i) / 2^n for i ≤ k, building each term from the last so no factorial overflows.
  let term = 0.5 ** n;
  let tail = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    tail += term;
  }
  return Math.min(1, 2 * tail);
}

/**
 * The fewest newly failing probes (none newly passing) the test calls significant at `alpha` out
 * of `paired`: the smallest drop a cell of that size can detect. Null when even every probe
 * flipping would not be (fewer than 6 paired probes at 0.05).
 */
export function minimumDetectableFlips(paired: number, alpha: number): number | null {
  for (let k = 1; k <= paired; k++) if (exactMcNemarP(k, 0) < alpha) return k;
  return null;
}
