import { describe, expect, it } from 'vitest';
import { dotKernel } from '../../src/vector/dot-kernel.js';
import { dotRow, exactTopK } from '../../src/vector/exact.js';
import { VectorMatrix, WASM_FROM_ROWS } from '../../src/vector/matrix.js';
import { prng } from '../strategies/helpers.js';

function filled(dims: number, rows: number, seed: number): VectorMatrix {
  const rand = prng(seed);
  const matrix = new VectorMatrix(dims, 4);
  for (let i = 0; i < rows; i++)
    matrix.add(
      i + 1,
      Float32Array.from({ length: dims }, () => rand() * 2 - 1),
    );
  return matrix;
}

describe('WebAssembly SIMD dot kernel (exact re-rank)', () => {
  it('gives scores bit-identical to dotRow, including dims that are not a multiple of 4', () => {
    for (const dims of [384, 7, 1]) {
      // 1,100 rows: more than one kernel call's list, and the matrix moved into WebAssembly memory.
      const matrix = filled(dims, 1100, dims);
      expect(matrix.memory).not.toBeNull();
      expect(matrix.capacity).toBeGreaterThanOrEqual(WASM_FROM_ROWS);
      const rand = prng(99);
      const query = Float32Array.from({ length: dims }, () => rand() * 2 - 1);
      // The kernel's float64 sums themselves, before TopK rounds them to float32.
      const memory = matrix.memory!;
      const kernel = dotKernel(memory, dims)!;
      const [queryOff, listOff] = [matrix.scratchOff, matrix.scratchOff + 8 * dims];
      const outOff = listOff + 4 * 64;
      new Float64Array(memory.buffer).set(query, queryOff / 8);
      new Int32Array(memory.buffer, listOff, 64).set(Int32Array.from({ length: 64 }, (_, t) => (t * 17) % 1100));
      kernel(listOff, 64, queryOff, outOff);
      const sums = new Float64Array(memory.buffer, outOff, 64);
      for (let t = 0; t < 64; t++) expect(sums[t]).toBe(dotRow(matrix.data, (t * 17) % 1100, query));
      const top = exactTopK(matrix, query, 1100).sorted();
      expect(top).toHaveLength(1100);
      for (const e of top) expect(e.score).toBe(Math.fround(dotRow(matrix.data, e.index, query)));
      const candidates = Int32Array.from([1099, 3, 500, 3, 0]);
      const some = exactTopK(matrix, query, 5, candidates, 4).sorted();
      expect(some.map((e) => e.index).sort((a, b) => a - b)).toEqual([3, 3, 500, 1099]);
    }
  });

  it('the plain-JS loop (a small matrix, in a plain array) ranks the same', () => {
    const matrix = filled(384, 1500, 3);
    const small = new VectorMatrix(384);
    for (let i = 0; i < 300; i++) small.add(i + 1, matrix.row(i));
    expect(small.memory).toBeNull();
    const query = matrix.row(17).slice();
    const withKernel = exactTopK(
      matrix,
      query,
      10,
      Int32Array.from({ length: 300 }, (_, i) => i),
    ).sorted();
    expect(exactTopK(small, query, 10).sorted()).toEqual(withKernel);
    expect(withKernel[0].index).toBe(17);
  });
});
