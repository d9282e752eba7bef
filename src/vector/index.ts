import { TernaryCodes } from './ternary.js';
import { SparsePostings } from './sparse.js';
import { exactTopK } from './exact.js';
import { VectorMatrix } from './matrix.js';
import type { Hit } from './topk.js';

export type { Hit } from './topk.js';
export { VectorMatrix } from './matrix.js';

/**
 * `exact` scans every row (the reference); `sparse` reads inverted lists of the query's non-zero
 * dims and re-ranks near-ties exactly (exact results); `ternary` pre-filters with ternary codes
 * and re-ranks a share of the rows exactly (approximate); `auto` picks by size and density.
 */
export type SearchMethod = 'auto' | 'exact' | 'sparse' | 'ternary';

export interface VectorIndexOptions {
  /** @default 'auto' */
  method?: SearchMethod;
  /**
   * Below this many rows `auto` scans exactly (the pre-filter saves little there, and exact is exact).
   * @default 1024
   */
  exactBelow?: number;
  /**
   * Rows re-ranked exactly after the pre-filter: `max(minRerank, ceil(n · rerankFraction))`.
   * Measured for recall@10 ≥ 0.99 on 384-dim random unit vectors at 100k (docs/strategies.md):
   * 1% gave 0.988, 1.5% gave 0.9955.
   * @default 0.015
   */
  rerankFraction?: number;
  /** @default 512 */
  minRerank?: number;
  /**
   * At or above `exactBelow` rows, `auto` uses the sparse path when at most this share of the
   * rows' components is non-zero (and every |x_j| ≤ 1), else the ternary pre-filter. The sparse
   * path's work grows with the square of the density: at 0.25 (hash vectors) it is faster than
   * the ternary path (2.6 against 4.8 ms at 100k) and exact; from ~0.4 the ternary path is faster
   * (docs/strategies.md).
   * @default 0.3
   */
  sparseDensity?: number;
  /**
   * Use the WebAssembly kernels when available — the SIMD one for the ternary pre-filter, the
   * scatter one for the sparse path — else plain JS (same results; slower: ternary ~14 ms, sparse
   * ~10 ms at 100k). @default true
   */
  simd?: boolean;
}

const DEFAULTS = {
  method: 'auto',
  exactBelow: 1024,
  rerankFraction: 0.015,
  minRerank: 512,
  sparseDensity: 0.3,
  simd: true,
} as const;

/**
 * In-memory nearest-neighbour search over one user's vectors (L2-normalised, so the dot
 * product is the cosine). Rows are only appended — message vectors never change — which keeps
 * the matrix contiguous and the ternary codes incrementally maintainable.
 */
export class VectorIndex {
  readonly matrix: VectorMatrix;
  /** Made on first pre-filtered search: small users (most of them) never need the codes or their memory. */
  private codesCache: TernaryCodes | null = null;
  /** Made on first sparse search, likewise. */
  private postingsCache: SparsePostings | null = null;
  /** Non-zero components over all rows, and the largest |x_j|: what `auto` and `sparse` need to know. */
  private nonZeros = 0;
  private maxAbs = 0;
  private readonly options: Required<VectorIndexOptions>;
  private candidateBuf = new Int32Array(0);
  private readonly seen = new Set<number>();

  constructor(dims: number, options: VectorIndexOptions = {}) {
    this.matrix = new VectorMatrix(dims);
    this.options = { ...DEFAULTS, ...options };
  }

  private get codes(): TernaryCodes {
    return (this.codesCache ??= new TernaryCodes(this.dims, { simd: this.options.simd }));
  }

  private get postings(): SparsePostings {
    if (this.maxAbs > 1)
      throw new RangeError(
        `sparse search needs components in [−1, 1] (L2-normalised rows); this index has ${this.maxAbs}`,
      );
    return (this.postingsCache ??= new SparsePostings(this.dims, { wasm: this.options.simd }));
  }

  /** Share of the rows' components that are non-zero (0 when empty). */
  get density(): number {
    return this.size === 0 ? 0 : this.nonZeros / (this.size * this.dims);
  }

  get dims(): number {
    return this.matrix.dims;
  }

  get size(): number {
    return this.matrix.count;
  }

  /** Largest id added so far (0 when empty): callers load only newer rows. */
  lastId = 0;

  has(id: number): boolean {
    return this.seen.has(id);
  }

  /** Adds a row unless its id is already present (so a refresh racing a save cannot duplicate it). */
  add(id: number, vector: Float32Array): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.matrix.add(id, vector);
    for (let j = 0; j < vector.length; j++) {
      const x = Math.abs(vector[j]);
      if (x !== 0) this.nonZeros++;
      if (x > this.maxAbs) this.maxAbs = x;
    }
    if (id > this.lastId) this.lastId = id;
  }

  /** Which scorer the ternary pre-filter uses here: the WebAssembly SIMD kernel or plain JS. */
  get scorer(): 'simd' | 'js' {
    return this.codes.scorer;
  }

  /** Which method `auto` resolves to at the current size. */
  methodFor(method: SearchMethod = this.options.method): Exclude<SearchMethod, 'auto'> {
    if (method !== 'auto') return method;
    if (this.size < this.options.exactBelow) return 'exact';
    return this.maxAbs <= 1 && this.density <= this.options.sparseDensity ? 'sparse' : 'ternary';
  }

  /** The k rows most similar to `query`, best first; ties go to the older row. */
  search(query: Float32Array, k: number, method?: SearchMethod): Hit[] {
    if (query.length !== this.dims) throw new RangeError(`query has ${query.length} dims, index has ${this.dims}`);
    if (k <= 0 || this.size === 0) return [];
    const resolved = this.methodFor(method);
    let top: ReturnType<typeof exactTopK>;
    if (resolved === 'exact') {
      top = exactTopK(this.matrix, query, k);
    } else if (resolved === 'sparse') {
      this.postings.sync(this.matrix);
      const candidates = this.postings.candidates(query, k);
      top = exactTopK(this.matrix, query, k, candidates);
    } else {
      this.codes.sync(this.matrix);
      const want = Math.min(
        this.size,
        Math.max(k, this.options.minRerank, Math.ceil(this.size * this.options.rerankFraction)),
      );
      if (this.candidateBuf.length < want) this.candidateBuf = new Int32Array(want);
      const n = this.codes.prefilter(query, want, this.candidateBuf);
      top = exactTopK(this.matrix, query, k, this.candidateBuf, n);
    }
    const ids = this.matrix.ids;
    return top.sorted().map((e) => ({ id: ids[e.index], score: e.score }));
  }
}

/** Share of the exact top-k ids that an approximate result found (1 when exact is empty). */
export function recallAtK(approx: readonly Hit[], exact: readonly Hit[]): number {
  if (exact.length === 0) return 1;
  const got = new Set(approx.map((h) => h.id));
  return exact.filter((h) => got.has(h.id)).length / exact.length;
}
