import type { VectorMatrix } from './matrix.js';
import { TopK } from './topk.js';

/** Dot product of `query` with row `row` of `data` (4-way unrolled: ~25% faster in V8). */
export function dotRow(data: Float32Array, row: number, query: Float32Array): number {
  const dims = query.length;
  let off = row * dims;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 4 <= dims; j += 4, off += 4) {
    s0 += data[off] * query[j];
    s1 += data[off + 1] * query[j + 1];
    s2 += data[off + 2] * query[j + 2];
    s3 += data[off + 3] * query[j + 3];
  }
  for (; j < dims; j++, off++) s0 += data[off] * query[j];
  return s0 + s1 + s2 + s3;
}

/**
 * Exact top-k by dot product (cosine for normalised vectors) over every row, or over the
 * given candidate rows only (the re-rank step of a quantised search).
 */
export function exactTopK(matrix: VectorMatrix, query: Float32Array, k: number, candidates?: Int32Array, candidateCount?: number): TopK {
  const top = new TopK(k);
  const data = matrix.data;
  if (candidates) {
    const n = candidateCount ?? candidates.length;
    for (let c = 0; c < n; c++) {
      const i = candidates[c];
      top.push(i, dotRow(data, i, query));
    }
  } else {
    for (let i = 0; i < matrix.count; i++) top.push(i, dotRow(data, i, query));
  }
  return top;
}
