import { LIST_ROWS, type VectorMatrix } from './matrix.js';
import { TopK } from './topk.js';
import { dotKernel, type DotFn } from './dot-kernel.js';

/** Kernels by memory (an instance is bound to one memory); null where SIMD is unavailable. */
const KERNELS = new WeakMap<WebAssembly.Memory, DotFn | null>();

/**
 * Dot product of `query` with row `row` of `data` (4-way unrolled: ~25% faster in V8). The
 * reference for src/vector/dot-kernel.ts, which must sum in exactly this order.
 */
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
export function exactTopK(
  matrix: VectorMatrix,
  query: Float32Array,
  k: number,
  candidates?: Int32Array,
  candidateCount?: number,
): TopK {
  const top = new TopK(k);
  const n = candidates ? (candidateCount ?? candidates.length) : matrix.count;
  const kernel = kernelFor(matrix);
  if (kernel && matrix.memory) {
    kernelScores(matrix, matrix.memory, kernel, query, n, candidates, top);
    return top;
  }
  const data = matrix.data;
  for (let c = 0; c < n; c++) {
    const i = candidates ? candidates[c] : c;
    top.push(i, dotRow(data, i, query));
  }
  return top;
}

function kernelFor(matrix: VectorMatrix): DotFn | null {
  const memory = matrix.memory;
  if (!memory) return null;
  let kernel = KERNELS.get(memory);
  if (kernel === undefined) KERNELS.set(memory, (kernel = dotKernel(memory, matrix.dims)));
  return kernel;
}

/** Scores `n` rows (the candidates, else 0..n−1) with the kernel, LIST_ROWS per call, into `top`. */
function kernelScores(
  matrix: VectorMatrix,
  memory: WebAssembly.Memory,
  kernel: DotFn,
  query: Float32Array,
  n: number,
  candidates: Int32Array | undefined,
  top: TopK,
): void {
  const queryOff = matrix.scratchOff;
  const listOff = queryOff + 8 * matrix.dims;
  const outOff = listOff + 4 * LIST_ROWS;
  const f64 = new Float64Array(memory.buffer);
  const list = new Int32Array(memory.buffer, listOff, LIST_ROWS);
  f64.set(query, queryOff / 8);
  for (let from = 0; from < n; from += LIST_ROWS) {
    const m = Math.min(LIST_ROWS, n - from);
    if (candidates) list.set(candidates.subarray(from, from + m));
    else for (let t = 0; t < m; t++) list[t] = from + t;
    kernel(listOff, m, queryOff, outOff);
    for (let t = 0; t < m; t++) top.push(list[t], f64[outOff / 8 + t]);
  }
}
