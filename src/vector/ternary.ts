import type { VectorMatrix } from './matrix.js';
import { selectTop } from './select.js';
import { estimateKernel, ternaryKernel, type EstimateFn, type ScanFn } from './wasm-kernel.js';

/** Dims with |y| below this share of the row's mean |y| code as 0 (measured; see docs). */
const TERNARY_CUT = 0.5;
/** Bits the query is quantised to for the SIMD kernel (measured: 4 keeps recall@10 ≥ 0.99). */
export const QUERY_PLANES = 4;
const PAGE = 65536;

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export interface TernaryOptions {
  /** Use the WebAssembly SIMD kernel when the runtime has it. @default true */
  simd?: boolean;
}

/**
 * Ternary codes of mean-centred rows with a per-row scale, for a fast pre-filter. Each row
 * y = x − mean is approximated by `scale · t` with t_j ∈ {−1, 0, +1} (0 where |y_j| is under
 * half the row's mean |y|), stored as two bit planes (+ and −) in WebAssembly memory.
 *
 * Scoring, two ways with the same codes:
 * - SIMD kernel (src/vector/wasm-kernel.ts): the query is quantised to QUERY_PLANES bits,
 *   q_j ≈ qMin + Δ·u_j, so t·q ≈ qMin·Σt + Δ·Σ t_j u_j, and Σ t_j u_j is popcounts of ANDed bit
 *   planes, 16 bytes per instruction (~2 ms for 100k × 384);
 * - plain JS fallback: the query stays float and scores 8 dims per table look-up (~9 ms).
 *
 * Why not int8: in V8 an int8 scan costs about what a float32 scan does (the multiply-adds,
 * not the bytes, are the limit). Why ternary rather than one bit: at equal time it gave
 * recall@10 0.998 where sign bits gave 0.955 (scripts/measure-vector-search.ts). Centring
 * matters for neural embeddings, which share a large common component; `q · mean` is the same
 * for every row, so it drops out of the ranking.
 */
export class TernaryCodes {
  readonly dims: number;
  /** Bytes per bit plane of a row, padded to whole 16-byte SIMD lanes. */
  readonly stride: number;
  count = 0;
  scales = new Float32Array(0);
  /** Σ_j t_j per row (count of +1 minus count of −1), for the query's offset term. */
  tsum = new Int16Array(0);
  mean: Float32Array;
  /** Rows the mean was computed from; codes are rebuilt when the matrix doubles past it. */
  meanFrom = 0;
  private capacity = 0;
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: ScanFn | null;
  private readonly estimate: EstimateFn | null;
  private readonly outOff: number;
  private scalesOff: number;
  private tsumOff: number;
  private codesOff: number;
  /** Views over `memory`, remade whenever it grows (growing detaches the old buffer). */
  codes = new Uint8Array(0);
  /** One estimated score per row, rewritten by each query (over the kernel's int32 sums). */
  private estimates = new Float32Array(0);
  private readonly table: Int32Array;

  constructor(dims: number, options: TernaryOptions = {}) {
    this.dims = dims;
    this.stride = roundUp(Math.ceil(dims / 8), 16);
    this.mean = new Float32Array(dims);
    this.table = new Int32Array(this.stride * 256);
    this.outOff = roundUp(QUERY_PLANES * this.stride, 64);
    this.scalesOff = this.tsumOff = this.codesOff = this.outOff;
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const scan = options.simd === false ? null : ternaryKernel(this.memory, this.stride / 16, QUERY_PLANES);
    this.estimate = scan && estimateKernel(this.memory);
    this.kernel = this.estimate && scan;
  }

  /** Which scorer runs: the SIMD kernel or the JS table fallback. */
  get scorer(): 'simd' | 'js' {
    return this.kernel ? 'simd' : 'js';
  }

  /** Brings the codes up to date with the matrix: re-centres when it has doubled, else encodes new rows. */
  sync(matrix: VectorMatrix): void {
    if (matrix.count >= 2 * this.meanFrom && matrix.count >= 64) {
      this.recentre(matrix);
      this.count = 0;
    }
    this.reserve(matrix.capacity);
    for (let i = this.count; i < matrix.count; i++) this.encode(matrix, i);
    this.count = matrix.count;
  }

  /**
   * Layout: query planes | one int32 sum per row (overwritten by its float32 estimate) | float32
   * scale per row | int16 Σt per row | rows (+ plane, − plane).
   */
  private reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    const scalesOff = roundUp(this.outOff + 4 * capacity, 64);
    const tsumOff = roundUp(scalesOff + 4 * capacity, 64);
    const codesOff = roundUp(tsumOff + 2 * capacity, 64);
    const needed = codesOff + capacity * 2 * this.stride;
    const have = this.memory.buffer.byteLength;
    if (needed > have) this.memory.grow(Math.ceil((needed - have) / PAGE));
    const bytes = new Uint8Array(this.memory.buffer);
    // Every region moves up as the ones below it grow: move the top one first (copyWithin
    // handles a region's overlap with itself; a moved region never reaches a higher one's source).
    bytes.copyWithin(codesOff, this.codesOff, this.codesOff + this.count * 2 * this.stride);
    bytes.copyWithin(tsumOff, this.tsumOff, this.tsumOff + 2 * this.count);
    bytes.copyWithin(scalesOff, this.scalesOff, this.scalesOff + 4 * this.count);
    [this.scalesOff, this.tsumOff, this.codesOff] = [scalesOff, tsumOff, codesOff];
    this.codes = new Uint8Array(this.memory.buffer, codesOff, capacity * 2 * this.stride);
    this.estimates = new Float32Array(this.memory.buffer, this.outOff, capacity);
    this.scales = new Float32Array(this.memory.buffer, scalesOff, capacity);
    this.tsum = new Int16Array(this.memory.buffer, tsumOff, capacity);
    this.capacity = capacity;
  }

  private recentre(matrix: VectorMatrix): void {
    const { dims, data } = matrix;
    const mean = new Float32Array(dims);
    for (let i = 0; i < matrix.count; i++) {
      const off = i * dims;
      for (let j = 0; j < dims; j++) mean[j] += data[off + j];
    }
    for (let j = 0; j < dims; j++) mean[j] /= matrix.count;
    this.mean = mean;
    this.meanFrom = matrix.count;
  }

  private encode(matrix: VectorMatrix, i: number): void {
    const { dims, data } = matrix;
    const mean = this.mean;
    const off = i * dims;
    const base = i * 2 * this.stride;
    let l1 = 0;
    for (let j = 0; j < dims; j++) l1 += Math.abs(data[off + j] - mean[j]);
    const tau = TERNARY_CUT * (l1 / dims);
    let kept = 0;
    let keptSum = 0;
    let balance = 0;
    this.codes.fill(0, base, base + 2 * this.stride);
    for (let j = 0; j < dims; j++) {
      const y = data[off + j] - mean[j];
      if (y > tau) {
        this.codes[base + (j >> 3)] |= 1 << (j & 7);
        balance++;
      } else if (y < -tau) {
        this.codes[base + this.stride + (j >> 3)] |= 1 << (j & 7);
        balance--;
      } else continue;
      kept++;
      keptSum += Math.abs(y);
    }
    // The least-squares scale for a {−1, 0, +1} approximation of y on the kept dims.
    this.scales[i] = kept > 0 ? keptSum / kept : 0;
    this.tsum[i] = balance;
  }

  /** The `candidates` rows with the highest estimated score, into `out` (returns how many). */
  prefilter(query: Float32Array, candidates: number, out: Int32Array): number {
    if (this.kernel) this.scoreSimd(query);
    else this.scoreJs(query);
    return selectTop(this.estimates, this.count, candidates, out);
  }

  private scoreSimd(query: Float32Array): void {
    const { dims, stride } = this;
    let qMin = Infinity;
    let qMax = -Infinity;
    for (let j = 0; j < dims; j++) {
      qMin = Math.min(qMin, query[j]);
      qMax = Math.max(qMax, query[j]);
    }
    const delta = qMax > qMin ? (qMax - qMin) / (2 ** QUERY_PLANES - 1) : 0;
    const planes = new Uint8Array(this.memory.buffer, 0, QUERY_PLANES * stride);
    planes.fill(0);
    for (let j = 0; j < dims; j++) {
      const u = delta > 0 ? Math.round((query[j] - qMin) / delta) : 0;
      for (let b = 0; b < QUERY_PLANES; b++) if ((u >> b) & 1) planes[b * stride + (j >> 3)] |= 1 << (j & 7);
    }
    this.kernel!(this.codesOff, this.count, this.outOff, 0);
    this.estimate!(this.outOff, this.scalesOff, this.tsumOff, this.count, qMin, delta);
  }

  private scoreJs(query: Float32Array): void {
    const { stride, dims, codes, scales, table, estimates } = this;
    // Integer table: V8 keeps int32 sums in registers (no float32→float64 loads), ~15% faster.
    // Scaling by 2^26 / Σ|q| bounds any row's sum by 2^26, far from int32 overflow.
    let l1 = 0;
    for (let j = 0; j < dims; j++) l1 += Math.abs(query[j]);
    const scale = l1 > 0 ? 2 ** 26 / l1 : 0;
    for (let b = 0; b < stride; b++) {
      const t0 = b * 256;
      table[t0] = 0;
      for (let v = 1; v < 256; v++) {
        const j = b * 8 + (31 - Math.clz32(v & -v));
        table[t0 + v] = table[t0 + (v & (v - 1))] + (j < dims ? Math.round(query[j] * scale) : 0);
      }
    }
    // stride is a multiple of 16, so byte pairs cover it exactly.
    for (let i = 0; i < this.count; i++) {
      // Two accumulators over byte pairs: independent add chains run in parallel.
      let s0 = 0;
      let s1 = 0;
      let p = i * 2 * stride;
      let n = p + stride;
      for (let h = 0; h < stride * 256; p += 2, n += 2, h += 512) {
        s0 = (s0 + table[h | codes[p]] - table[h | codes[n]]) | 0;
        s1 = (s1 + table[(h + 256) | codes[p + 1]] - table[(h + 256) | codes[n + 1]]) | 0;
      }
      estimates[i] = scales[i] * (s0 + s1);
    }
  }
}
