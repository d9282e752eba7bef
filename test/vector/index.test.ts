import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/vector/topk.js';
import { VectorIndex, recallAtK } from '../../src/vector/index.js';
import { prng } from '../strategies/helpers.js';

const DIMS = 384;

function unitVectors(n: number, seed: number, dims = DIMS): Float32Array[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => {
    const v = new Float32Array(dims);
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      v[j] = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
      norm += v[j] * v[j];
    }
    for (let j = 0; j < dims; j++) v[j] /= Math.sqrt(norm);
    return v;
  });
}

/** The obvious O(n·d) reference. */
function bruteForce(rows: Float32Array[], q: Float32Array, k: number): number[] {
  return rows
    .map((v, i) => ({ id: i + 1, score: v.reduce((s, x, j) => s + x * q[j], 0) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, k)
    .map((h) => h.id);
}

describe('TopK', () => {
  it('keeps the k best, best first, ties to the lower index', () => {
    const top = new TopK(3);
    [0.1, 0.9, 0.5, 0.9, 0.2, 0.7].forEach((s, i) => top.push(i, s));
    expect(top.sorted().map((e) => e.index)).toEqual([1, 3, 5]);
  });
});

describe('VectorIndex', () => {
  const rows = unitVectors(3000, 7);
  const queries = unitVectors(30, 99);
  const index = new VectorIndex(DIMS);
  rows.forEach((v, i) => index.add(i + 1, v));

  it('exact search equals brute force', () => {
    for (const q of queries.slice(0, 5))
      expect(index.search(q, 10, 'exact').map((h) => h.id)).toEqual(bruteForce(rows, q, 10));
  });

  it("the ternary pre-filter with exact re-rank keeps recall@10 ≥ 0.99 against exact search (and 'auto' uses it at this size)", () => {
    expect(index.methodFor('auto')).toBe('ternary');
    expect(index.scorer).toBe('simd');
    let recall = 0;
    for (const q of queries) recall += recallAtK(index.search(q, 10), index.search(q, 10, 'exact'));
    expect(recall / queries.length).toBeGreaterThanOrEqual(0.99);
  });

  it('the plain-JS scorer (no WebAssembly SIMD) keeps the same recall', () => {
    const js = new VectorIndex(DIMS, { simd: false });
    rows.forEach((v, i) => js.add(i + 1, v));
    expect(js.scorer).toBe('js');
    let recall = 0;
    for (const q of queries) recall += recallAtK(js.search(q, 10), index.search(q, 10, 'exact'));
    expect(recall / queries.length).toBeGreaterThanOrEqual(0.99);
  });

  it('finds rows added after the codes were built, and ignores a repeated id', () => {
    const grown = new VectorIndex(DIMS, { exactBelow: 0 });
    rows.slice(0, 100).forEach((v, i) => grown.add(i + 1, v));
    grown.search(queries[0], 1);
    const q = queries[1];
    grown.add(5000, q);
    grown.add(5000, queries[2]);
    expect(grown.size).toBe(101);
    expect(grown.search(q, 1)[0]).toEqual({ id: 5000, score: expect.closeTo(1, 5) });
    expect(grown.lastId).toBe(5000);
  });

  it('rejects a query of the wrong dimension', () => {
    expect(() => index.search(new Float32Array(3), 10)).toThrow(/dims/);
  });
});
