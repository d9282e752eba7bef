import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/vector/index.js';
import { scatterKernel } from '../../src/vector/scatter-kernel.js';
import { HashEmbedder } from '../../src/embedders/hash.js';
import { randomUnitVectors } from '../../src/bench/fixtures.js';
import { prng } from '../strategies/helpers.js';

/** L2-normalised rows with about `density` of their components non-zero. */
const sparseUnitVectors = (n: number, dims: number, density: number, seed: number) =>
  randomUnitVectors(n, dims, seed, density);

function filled(rows: Float32Array[], options = {}): VectorIndex {
  const index = new VectorIndex(rows[0].length, options);
  rows.forEach((v, i) => index.add(i + 1, v));
  return index;
}

describe('sparse search (inverted lists + bounded exact re-rank)', () => {
  const rows = sparseUnitVectors(3000, 384, 0.1, 5);
  // Duplicated rows make exact ties, which must come back in the same (older-first) order.
  for (let i = 0; i < 40; i++) rows.push(rows[17]);
  const index = filled(rows);
  const queries = [...sparseUnitVectors(20, 384, 0.1, 6), rows[17], rows[3]];

  it('returns exactly what exact search returns: same ids, same scores, same tie order', () => {
    for (const k of [1, 10, 60])
      for (const q of queries) expect(index.search(q, k, 'sparse')).toEqual(index.search(q, k, 'exact'));
  });

  it('handles a zero query and k above the row count like exact search', () => {
    const zero = new Float32Array(384);
    expect(index.search(zero, 10, 'sparse')).toEqual(index.search(zero, 10, 'exact'));
    const small = filled(rows.slice(0, 5));
    expect(small.search(queries[0], 10, 'sparse')).toEqual(small.search(queries[0], 10, 'exact'));
  });

  it('the plain-JS loop (no WebAssembly) gives the same results', () => {
    const js = filled(rows, { simd: false });
    for (const q of queries) expect(js.search(q, 10, 'sparse')).toEqual(index.search(q, 10, 'exact'));
  });

  it('stays exact on hash-embedder vectors of overlapping texts', () => {
    const embedder = new HashEmbedder();
    const words = [
      'budget',
      'flight',
      'paris',
      'hotel',
      'dinner',
      'meeting',
      'report',
      'garden',
      'train',
      'coffee',
      'monday',
      'friday',
    ];
    const rand = prng(9);
    const text = () =>
      Array.from({ length: 3 + Math.floor(rand() * 8) }, () => words[Math.floor(rand() * words.length)]).join(' ');
    const hash = filled(Array.from({ length: 1500 }, () => embedder.embedOne(text())));
    expect(hash.methodFor('auto')).toBe('sparse');
    for (let i = 0; i < 20; i++) {
      const q = embedder.embedOne(text());
      expect(hash.search(q, 10)).toEqual(hash.search(q, 10, 'exact'));
    }
  });

  it('finds rows added after the lists were built, across a 65,536-row block boundary', () => {
    const many = sparseUnitVectors(70_000, 16, 0.25, 8);
    const grown = filled(many.slice(0, 60_000));
    const q = sparseUnitVectors(1, 16, 0.5, 9)[0];
    expect(grown.search(q, 10, 'sparse')).toEqual(grown.search(q, 10, 'exact'));
    many.slice(60_000).forEach((v, i) => grown.add(60_001 + i, v));
    grown.add(99_999, q);
    const hits = grown.search(q, 10, 'sparse');
    expect(hits).toEqual(grown.search(q, 10, 'exact'));
    expect(hits[0].id).toBe(99_999);
  });
});

describe("'auto' method choice", () => {
  it('picks sparse for sparse rows, ternary for dense rows, exact below exactBelow', () => {
    const sparse = filled(sparseUnitVectors(1200, 384, 0.1, 1));
    expect(sparse.density).toBeLessThan(0.15);
    expect(sparse.methodFor('auto')).toBe('sparse');
    const dense = filled(sparseUnitVectors(1200, 384, 1, 2));
    expect(dense.methodFor('auto')).toBe('ternary');
    expect(filled(sparseUnitVectors(100, 384, 0.1, 3)).methodFor('auto')).toBe('exact');
  });

  it('never picks sparse for components outside [−1, 1], and refuses it when asked', () => {
    const rows = sparseUnitVectors(1200, 384, 0.1, 4).map((v) => v.map((x) => 3 * x));
    const index = filled(rows);
    expect(index.methodFor('auto')).toBe('ternary');
    expect(() => index.search(rows[0], 10, 'sparse')).toThrow(/\[−1, 1\]/);
  });
});

describe('WebAssembly scatter kernel', () => {
  it('adds q · value into the score of each posting’s row (checked against plain arithmetic)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const scatter = scatterKernel(memory);
    expect(scatter).not.toBeNull();
    const scores = new Float32Array(memory.buffer, 0, 64);
    const postings = new Int32Array(memory.buffer, 1024, 11);
    const want = new Float32Array(64);
    for (let p = 0; p < postings.length; p++) {
      const row = (p * 7) % 64;
      const value = (p % 2 ? -1 : 1) * (1000 * p + 3);
      postings[p] = (value << 16) | row;
      want[row] = Math.fround(want[row] + Math.fround(Math.fround(0.25) * value));
    }
    scatter!(1024, 1024 + 4 * postings.length, 0, 0.25);
    expect(Array.from(scores)).toEqual(Array.from(want));
  });
});
