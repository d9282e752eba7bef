/** A scored row of a search result: `index` is the row in the matrix, `id` the message id. */
export interface Hit {
  id: number;
  score: number;
}

/**
 * Keeps the k best (index, score) pairs seen, as a binary min-heap on score so that the
 * common case — a score below the current k-th best — costs one comparison.
 */
export class TopK {
  private readonly indices: Int32Array;
  private readonly scores: Float32Array;
  size = 0;

  constructor(readonly k: number) {
    this.indices = new Int32Array(Math.max(1, k));
    this.scores = new Float32Array(Math.max(1, k));
  }

  /** The score a newcomer must beat to enter (−∞ until the heap is full). */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  push(index: number, score: number): void {
    if (this.k === 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.indices[i] = this.indices[parent];
        this.scores[i] = this.scores[parent];
        i = parent;
      }
      this.indices[i] = index;
      this.scores[i] = score;
      return;
    }
    if (score <= this.scores[0]) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.scores[r] < this.scores[l] ? r : l;
      if (this.scores[c] >= score) break;
      this.indices[i] = this.indices[c];
      this.scores[i] = this.scores[c];
      i = c;
    }
    this.indices[i] = index;
    this.scores[i] = score;
  }

  /** Copies the kept row indices (in heap order) into `out`; returns how many. */
  indicesInto(out: Int32Array): number {
    out.set(this.indices.subarray(0, this.size));
    return this.size;
  }

  /** Entries best first; ties broken by the lower index (older row) for determinism. */
  sorted(): { index: number; score: number }[] {
    const out: { index: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ index: this.indices[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}
