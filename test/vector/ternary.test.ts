import { describe, expect, it } from 'vitest';
import { TernaryCodes } from '../../src/vector/ternary.js';
import { VectorMatrix } from '../../src/vector/matrix.js';
import { randomUnitVectors } from '../../src/bench/fixtures.js';

describe('TernaryCodes', () => {
  it('keeps the encoded rows (codes, scales, Σt) when its regions move as the matrix grows', () => {
    const dims = 64;
    const rows = randomUnitVectors(590, dims, 4, 1);
    const matrix = new VectorMatrix(dims);
    rows.slice(0, 300).forEach((v, i) => matrix.add(i + 1, v));
    const codes = new TernaryCodes(dims);
    codes.sync(matrix);
    const bytes = 300 * 2 * codes.stride;
    const before = {
      codes: codes.codes.slice(0, bytes),
      scales: codes.scales.slice(0, 300),
      tsum: codes.tsum.slice(0, 300),
    };
    // 300 → 590 rows: capacity 512 → 1024, short of the 2× that would re-centre (and re-encode).
    rows.slice(300).forEach((v, i) => matrix.add(301 + i, v));
    codes.sync(matrix);
    expect(codes.count).toBe(590);
    expect(codes.meanFrom).toBe(300);
    expect(codes.codes.slice(0, bytes)).toEqual(before.codes);
    expect(codes.scales.slice(0, 300)).toEqual(before.scales);
    expect(codes.tsum.slice(0, 300)).toEqual(before.tsum);
    // And the pre-filter ranks a stored row first for its own vector.
    const out = new Int32Array(5);
    expect(codes.prefilter(rows[450], 5, out)).toBe(5);
    expect(out).toContain(450);
  });
});
