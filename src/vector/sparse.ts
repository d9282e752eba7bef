import type { VectorMatrix } from './matrix.js';
import { TopK } from './topk.js';
import { scatterKernel, type ScatterFn } from './scatter-kernel.js';

/** Rows per block: a row's offset in its block fits the low 16 bits of a posting. */
const BLOCK_ROWS = 65536;
/** Postings per chunk of a list (4 KB): lists grow by chunks, so appends never move postings. */
const CHUNK = 1024;
/** Values are quantised to int16: x ≈ v / QUANT, |x| ≤ 1. */
const QUANT = 32767;
/** Candidates kept by the approximate pass beyond k, so near-ties rarely need a second pass. */
const EXTRA = 32;
const PAGE = 65536;
const F32_ULP = 2 ** -23;

/** One dimension's posting list inside a block: chunk byte offsets, postings in the last one. */
interface List {
  chunks: number[];
  fill: number;
}

interface Block {
  /** Byte offset of this block's float32 scores (BLOCK_ROWS of them). */
  scoresOff: number;
  lists: List[];
}

/**
 * Inverted lists over sparse rows (e.g. the hash embedder's: ~95 of 384 dims non-zero) for an
 * exact search that reads only the query's non-zero dims: for each such dim j, every row with
 * x_j ≠ 0 gets q_j · x_j added to its score (~3M postings per query at 100k hash vectors,
 * against 38M multiply-adds for a full scan).
 *
 * Values are stored as int16 beside the row's 16-bit offset in its block (one int32 per
 * posting: 4 bytes, ~36 MB at 100k hash rows), so the pass is approximate — but with a known
 * bound: |approx − exact| ≤ ε = Σ|q_j| · (0.5/32767 + float32 rounding). Every row whose
 * approximate score is within 2ε of the k-th best is re-ranked exactly, which makes the result
 * the exact top-k (same rows, same scores, same tie order), not an estimate of it.
 *
 * Needs |x_j| ≤ 1 (true of L2-normalised rows); VectorIndex checks that before choosing it.
 */
export class SparsePostings {
  readonly dims: number;
  /** Rows encoded so far (the matrix's first `count`). */
  count = 0;
  /** Postings stored (non-zero components after quantisation). */
  postings = 0;
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly kernel: ScatterFn | null;
  private readonly blocks: Block[] = [];
  /** Bump allocator over `memory` (nothing is freed: the index only grows). */
  private used = 0;
  private mem32 = new Int32Array(0);
  private candidateBuf = new Int32Array(64);

  constructor(dims: number, options: { wasm?: boolean } = {}) {
    this.dims = dims;
    this.kernel = options.wasm === false ? null : scatterKernel(this.memory);
    this.views();
  }

  /** Which inner loop runs: the WebAssembly kernel or plain JS. */
  get scorer(): 'wasm' | 'js' {
    return this.kernel ? 'wasm' : 'js';
  }

  /** Bytes held: the WebAssembly memory (postings and block scores). */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Encodes the matrix's rows added since the last sync. */
  sync(matrix: VectorMatrix): void {
    for (let i = this.count; i < matrix.count; i++) this.encode(matrix, i);
    this.count = matrix.count;
  }

  private views(): void {
    this.mem32 = new Int32Array(this.memory.buffer);
  }

  private alloc(bytes: number): number {
    const off = this.used;
    this.used += bytes;
    const have = this.memory.buffer.byteLength;
    if (this.used > have) {
      // Grow by at least an eighth, so a growing index re-maps memory O(log n) times.
      this.memory.grow(Math.max(Math.ceil((this.used - have) / PAGE), Math.ceil(have / PAGE / 8)));
      this.views();
    }
    return off;
  }

  private encode(matrix: VectorMatrix, i: number): void {
    const { dims, data } = matrix;
    const b = Math.floor(i / BLOCK_ROWS);
    if (b === this.blocks.length) {
      const scoresOff = this.alloc(4 * BLOCK_ROWS);
      this.blocks.push({ scoresOff, lists: Array.from({ length: dims }, () => ({ chunks: [], fill: CHUNK })) });
    }
    const { lists } = this.blocks[b];
    const offset = i % BLOCK_ROWS;
    const off = i * dims;
    for (let j = 0; j < dims; j++) {
      const v = Math.round(data[off + j] * QUANT);
      if (v === 0) continue;
      if (v > QUANT || v < -QUANT)
        throw new RangeError(
          `row ${i} has component ${data[off + j]} outside [−1, 1]: the sparse path needs L2-normalised rows`,
        );
      const list = lists[j];
      if (list.fill === CHUNK) {
        list.chunks.push(this.alloc(4 * CHUNK));
        list.fill = 0;
      }
      this.mem32[(list.chunks[list.chunks.length - 1] >> 2) + list.fill++] = (v << 16) | offset;
      this.postings++;
    }
  }

  /** Adds q_j · x_j over every posting of every non-zero query dim into each block's scores. */
  private accumulate(query: Float32Array): void {
    const f32 = new Float32Array(this.memory.buffer);
    for (let b = 0; b < this.blocks.length; b++) {
      const { scoresOff, lists } = this.blocks[b];
      f32.fill(0, scoresOff >> 2, (scoresOff >> 2) + BLOCK_ROWS);
      for (let j = 0; j < this.dims; j++) {
        if (query[j] === 0) continue;
        const q = query[j] / QUANT;
        const { chunks, fill } = lists[j];
        for (let c = 0; c < chunks.length; c++) {
          const start = chunks[c];
          const end = start + 4 * (c === chunks.length - 1 ? fill : CHUNK);
          if (this.kernel) this.kernel(start, end, scoresOff, q);
          else scatterJs(this.mem32, f32, start >> 2, end >> 2, scoresOff >> 2, Math.fround(q));
        }
      }
    }
  }

  /**
   * Row indices (ascending) that contain the exact top-k by dot product with `query`, for an
   * exact re-rank: every row whose approximate score is within 2ε of the k-th best.
   */
  candidates(query: Float32Array, k: number): Int32Array {
    const n = this.count;
    let l1 = 0;
    let nonZero = 0;
    for (let j = 0; j < this.dims; j++) {
      l1 += Math.abs(query[j]);
      if (query[j] !== 0) nonZero++;
    }
    // A zero query scores every row 0 exactly; exact search then returns the oldest k rows.
    if (nonZero === 0 || n <= k) return Int32Array.from({ length: Math.min(k, n) }, (_, i) => i);
    this.accumulate(query);
    // Quantisation (≤ 0.5/QUANT per term) plus float32 rounding of each product and partial sum
    // (partial sums are bounded by Σ|q_j|, since |x_j| ≤ 1), and of the scores compared.
    const eps = l1 * (0.5 / QUANT + (nonZero + 4) * F32_ULP);
    const top = new TopK(k + EXTRA);
    const f32 = new Float32Array(this.memory.buffer);
    this.scan(f32, (i, s) => {
      if (s > top.threshold) top.push(i, s);
    });
    const best = top.sorted();
    const cut = best[k - 1].score - 2 * eps;
    let count = 0;
    if (top.size === top.k && best[best.length - 1].score >= cut) {
      // More than k + EXTRA rows are near the k-th: collect every one of them.
      this.scan(f32, (i, s) => {
        if (s >= cut) this.pushCandidate(count++, i);
      });
    } else {
      for (const e of best) if (e.score >= cut) this.pushCandidate(count++, e.index);
    }
    // Ascending, so an exact re-rank breaks ties as a full scan does (to the older row).
    return this.candidateBuf.slice(0, count).sort();
  }

  private scan(f32: Float32Array, visit: (row: number, score: number) => void): void {
    for (let b = 0; b < this.blocks.length; b++) {
      const base = this.blocks[b].scoresOff >> 2;
      const rows = Math.min(BLOCK_ROWS, this.count - b * BLOCK_ROWS);
      for (let i = 0; i < rows; i++) visit(b * BLOCK_ROWS + i, f32[base + i]);
    }
  }

  private pushCandidate(at: number, row: number): void {
    if (at === this.candidateBuf.length) {
      const grown = new Int32Array(2 * at);
      grown.set(this.candidateBuf);
      this.candidateBuf = grown;
    }
    this.candidateBuf[at] = row;
  }
}

/**
 * The kernel's loop in JS, for runtimes without WebAssembly. Products and sums are rounded once,
 * to float32 on store, so its error is within the kernel's bound.
 */
function scatterJs(mem32: Int32Array, f32: Float32Array, from: number, to: number, scoresAt: number, q: number): void {
  for (let p = from; p < to; p++) {
    const w = mem32[p];
    f32[scoresAt + (w & 0xffff)] += q * (w >> 16);
  }
}
