import { describe, expect, it } from 'vitest';
import { exactMcNemarP, minimumDetectableFlips } from '../../src/metrics/mcnemar.js';

describe('the exact McNemar test', () => {
  it('gives the two-sided binomial p-value of the discordant pairs', () => {
    // 0 of 10 the other way: 2 · (1/2)^10.
    expect(exactMcNemarP(10, 0)).toBeCloseTo(2 / 1024, 12);
    // 3 of 13: 2 · (1 + 13 + 78 + 286) / 8192.
    expect(exactMcNemarP(3, 10)).toBeCloseTo((2 * 378) / 8192, 12);
    expect(exactMcNemarP(10, 3)).toBe(exactMcNemarP(3, 10));
  });

  it('says one flipped probe is no evidence of a change, and many flips one way are', () => {
    expect(exactMcNemarP(1, 0)).toBe(1);
    expect(exactMcNemarP(0, 0)).toBe(1);
    expect(exactMcNemarP(9, 0)).toBeLessThan(0.05);
    expect(exactMcNemarP(5, 0)).toBeCloseTo(0.0625, 12);
  });

  it('rejects counts that are not counts', () => {
    expect(() => exactMcNemarP(-1, 2)).toThrow(RangeError);
    expect(() => exactMcNemarP(1.5, 2)).toThrow(RangeError);
  });
});

describe('the smallest drop a cell can detect', () => {
  it('at 0.05 is 6 probes from 6 paired probes up, and none below', () => {
    expect(minimumDetectableFlips(16, 0.05)).toBe(6);
    expect(minimumDetectableFlips(6, 0.05)).toBe(6);
    expect(minimumDetectableFlips(5, 0.05)).toBeNull();
  });
});
