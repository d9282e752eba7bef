/**
 * A growable, contiguous row-major matrix of float32 vectors with their message ids.
 * One allocation per doubling keeps appends amortised O(dims) and scans cache-friendly.
 */
export class VectorMatrix {
  readonly dims: number;
  /** Rows in use; `data` and `ids` have spare capacity past it. */
  count = 0;
  data: Float32Array;
  ids: Float64Array;

  constructor(dims: number, initialCapacity = 256) {
    if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive integer (got ${dims})`);
    this.dims = dims;
    this.data = new Float32Array(dims * initialCapacity);
    this.ids = new Float64Array(initialCapacity);
  }

  get capacity(): number {
    return this.ids.length;
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

  private grow(capacity: number): void {
    const data = new Float32Array(this.dims * capacity);
    data.set(this.data.subarray(0, this.count * this.dims));
    const ids = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    this.data = data;
    this.ids = ids;
  }
}
