/** Bytes past the rows that the exact re-rank's kernel uses per call (src/vector/exact.ts). */
export const scratchBytes = (dims: number, listRows: number) => 8 * dims + 12 * listRows;
/** Rows per kernel call in the exact re-rank. */
export const LIST_ROWS = 1024;
const PAGE = 65536;
/**
 * Rows from which the matrix moves into WebAssembly memory. Below, a plain array: most users are
 * small, scan in well under a millisecond either way, and each memory reserves address space.
 */
export const WASM_FROM_ROWS = 1024;

/**
 * A growable, contiguous row-major matrix of float32 vectors with their message ids.
 * One allocation per doubling keeps appends amortised O(dims) and scans cache-friendly.
 * From WASM_FROM_ROWS rows the rows live in WebAssembly memory (rows at byte 0, a small scratch
 * area after them) so the exact re-rank's SIMD kernel reads them in place; below that, or past
 * what that memory can hold (4 GB), they are a plain array and the re-rank loops in JS.
 */
export class VectorMatrix {
  readonly dims: number;
  /** Rows in use; `data` and `ids` have spare capacity past it. */
  count = 0;
  data: Float32Array;
  ids: Float64Array;
  /** The memory `data` views, or null once the rows outgrew it. */
  memory: WebAssembly.Memory | null = null;

  constructor(dims: number, initialCapacity = 256) {
    if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive integer (got ${dims})`);
    this.dims = dims;
    this.data = this.allocate(initialCapacity);
    this.ids = new Float64Array(initialCapacity);
  }

  get capacity(): number {
    return this.ids.length;
  }

  /** Byte offset of the scratch area (just past the rows' capacity, 16-byte aligned). */
  get scratchOff(): number {
    return Math.ceil((4 * this.dims * this.capacity) / 16) * 16;
  }

  /** Appends one row; the vector is copied, so the caller may reuse its buffer. */
  add(id: number, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new RangeError(`vector has ${vector.length} dims, matrix has ${this.dims}`);
    if (this.count === this.capacity) this.grow(this.capacity * 2);
    this.data.set(vector, this.count * this.dims);
    this.ids[this.count] = id;
    this.count++;
  }

  /** A view of row `i` (no copy). */
  row(i: number): Float32Array {
    return this.data.subarray(i * this.dims, (i + 1) * this.dims);
  }

  /** Room for `capacity` rows (plus scratch) at the front of the memory, growing it in place. */
  private allocate(capacity: number): Float32Array {
    if (capacity < WASM_FROM_ROWS) return new Float32Array(this.dims * capacity);
    const needed = Math.ceil((4 * this.dims * capacity) / 16) * 16 + scratchBytes(this.dims, LIST_ROWS);
    try {
      if (!this.memory) this.memory = new WebAssembly.Memory({ initial: Math.ceil(needed / PAGE) });
      const have = this.memory.buffer.byteLength;
      if (needed > have) this.memory.grow(Math.ceil((needed - have) / PAGE));
      return new Float32Array(this.memory.buffer, 0, this.dims * capacity);
    } catch {
      // Past the memory's limit: a plain array (the rows are copied over by `grow`).
      this.memory = null;
      return new Float32Array(this.dims * capacity);
    }
  }

  private grow(capacity: number): void {
    const old = this.data;
    const inMemory = this.memory !== null;
    const data = this.allocate(capacity);
    // Growing the memory keeps its rows where they were; only a move to a plain array copies.
    if (!(inMemory && this.memory)) data.set(old.subarray(0, this.count * this.dims));
    const ids = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    this.data = data;
    this.ids = ids;
  }
}
