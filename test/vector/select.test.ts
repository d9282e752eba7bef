import { describe, expect, it } from 'vitest';
import { kthLargest, selectTop } from '../../src/vector/select.js';
import { TopK } from '../../src/vector/topk.js';
import { prng } from '../strategies/helpers.js';

/** What the pre-filter kept before: a TopK fed every row, its indices ascending. */
function viaHeap(scores: Float32Array, want: number): number[] {
  const top = new TopK(want);
  scores.forEach((s, i) => top.push(i, s));
  return top
    .sorted()
    .map((e) => e.index)
    .sort((a, b) => a - b);
}

function select(scores: Float32Array, want: number): number[] {
  const out = new Int32Array(want);
  return Array.from(out.subarray(0, selectTop(scores, scores.length, want, out)));
}

describe('selectTop', () => {
  it('keeps the set a TopK keeps, ascending, ties to the lower index', () => {
    const rand = prng(11);
    for (const [n, want, levels] of [
      [20000, 300, 0],
      [20000, 300, 50],
      [5000, 512, 7],
      [3000, 2999, 0],
      [100, 100, 0],
      [100, 150, 3],
    ]) {
      // `levels` > 0 quantises the scores so that many tie at the cut.
      const scores = Float32Array.from({ length: n }, () =>
        levels ? Math.floor(rand() * levels) / levels : rand() * 2 - 1,
      );
      expect(select(scores, want)).toEqual(viaHeap(scores, Math.min(want, n)));
    }
  });

  it('still finds the set when the sample misses the best rows (the cut is guessed lower)', () => {
    // The sampled rows (a stride of the indices) score high but are too few; the rest tie below.
    const n = 100000;
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i += 29) scores[i] = 1000 + i;
    expect(select(scores, 1500)).toEqual(viaHeap(scores, 1500));
  });

  it('never keeps NaN scores', () => {
    const scores = Float32Array.from([0.5, NaN, 0.2, NaN, 0.9]);
    expect(select(scores, 3)).toEqual([0, 2, 4]);
    expect(select(scores, 5)).toEqual([0, 2, 4]);
  });
});

describe('kthLargest', () => {
  it('equals sorting, with duplicates', () => {
    const rand = prng(5);
    const values = Float32Array.from({ length: 999 }, () => Math.floor(rand() * 40));
    const sorted = [...values].sort((a, b) => b - a);
    for (const k of [1, 2, 17, 500, 998, 999]) expect(kthLargest(values.slice(), values.length, k)).toBe(sorted[k - 1]);
  });
});
