import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/metrics/interval.js';

describe('the Wilson score interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i gives [%f, %f] as published', (x, n, low, high) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('stays inside 0..1 and is not degenerate at all-correct (the normal approximation gives [1, 1])', () => {
    const ci = wilsonInterval(16, 16)!;
    expect(ci.high).toBe(1);
    expect(ci.low).toBeCloseTo(0.8064, 4);
    expect(wilsonInterval(0, 16)!.low).toBe(0);
  });

  it('is symmetric: x of n mirrors n - x of n', () => {
    const a = wilsonInterval(5, 16)!;
    const b = wilsonInterval(11, 16)!;
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it('has no interval for no observations, and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});
