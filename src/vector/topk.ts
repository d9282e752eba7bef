/** A scored row of a search result: `index` is the row in the matrix, `id` the message id. */
export interface Hit {
  id: number;
  score: number;
}

/**
 * Keeps the k best (index, score) pairs seen, as a binary min-heap on (score, −index) so that
 * the common case — a score below the current k-th best — costs one comparison.
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

  /**
   * Offers a row. Scores are compared as stored (float32) and equal scores rank the lower index
   * first, so the kept set is the top k of one total order whatever order rows are pushed in:
   * a search that pushes only a superset of the top k (sparse, ternary re-rank) keeps exactly
   * what a full scan keeps.
   */
  push(index: number, score: number): void {
    if (this.k === 0) return;
    score = Math.fround(score);
    const { indices, scores } = this;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (ranksBelow(scores[parent], indices[parent], score, index)) break;
        indices[i] = indices[parent];
        scores[i] = scores[parent];
        i = parent;
      }
      indices[i] = index;
      scores[i] = score;
      return;
    }
    if (ranksBelow(score, index, scores[0], indices[0])) return;
    // Replace the root (the worst kept) and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && ranksBelow(scores[r], indices[r], scores[l], indices[l]) ? r : l;
      if (ranksBelow(score, index, scores[c], indices[c])) break;
      indices[i] = indices[c];
      scores[i] = scores[c];
      i = c;
    }
    indices[i] = index;
    scores[i] = score;
  }

  /** Entries best first; ties broken by the lower index (older row) for determinism. */
  sorted(): { index: number; score: number }[] {
    const out: { index: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ index: this.indices[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}

/** Whether (scoreA, indexA) ranks below (scoreB, indexB): a lower score, or an equal score and a later row. */
function ranksBelow(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
}
