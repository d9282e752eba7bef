/**
 * Selection of the `want` best of many scores — the ternary pre-filter's candidates — without a
 * heap. A heap of 1,500 over 100k estimates costs ~1.2 ms, almost all of it in the ~7,700
 * sift-downs' mispredicted branches; this costs ~0.2 ms. It keeps exactly the set a TopK
 * (src/vector/topk.ts) keeps: scores as float32, equal scores to the lower index.
 */

/** The sample's cut sits at this rank (expected): its error is ~1/√RANK, MARGIN covers ~2σ. */
const SAMPLE_RANK = 64;
/** The cut from the sample keeps ~MARGIN × want rows (guessed lower if it kept too few). */
const MARGIN = 1.25;

/**
 * Writes to `out` the indices, ascending, of the `want` best of `scores[0..n)` (scores higher,
 * equal scores the lower index); returns how many (min(want, n), fewer only if some are NaN:
 * NaN scores are never kept). Ascending order also reads the matrix front to back in the re-rank.
 */
export function selectTop(scores: Float32Array, n: number, want: number, out: Int32Array): number {
  if (want <= 0) return 0;
  if (want >= n) {
    let count = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(scores[i])) out[count++] = i;
    return count;
  }
  // A cut from a strided sample, then every row at or above it; too few (an unlucky sample):
  // guess lower, down to keeping every row.
  const step = Math.max(1, Math.floor(n / Math.ceil((SAMPLE_RANK * n) / (MARGIN * want))));
  const sample = new Float32Array(Math.ceil(n / step));
  let m = 0;
  for (let i = 0; i < n; i += step) if (!Number.isNaN((sample[m] = scores[i]))) m++;
  let keep = Math.ceil((MARGIN * want * m) / n);
  let buf = out.length >= 2 * want ? out : new Int32Array(2 * want);
  for (;;) {
    const cut = keep >= m ? -Infinity : kthLargest(sample, m, keep);
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (scores[i] >= cut) {
        if (count === buf.length) buf = grow(buf);
        buf[count++] = i;
      }
    }
    if (count >= want || cut === -Infinity) return finish(scores, buf, count, want, out);
    keep *= 4;
  }
}

function grow(buf: Int32Array): Int32Array {
  const grown = new Int32Array(2 * buf.length);
  grown.set(buf);
  return grown;
}

/**
 * From `count` ascending row indices in `rows` (a superset of the answer), the `want` best into
 * `out`, ascending: every row above the want-th best score, then rows equal to it, lowest first.
 * `rows` may be `out` itself (each write lands at or before the read).
 */
function finish(scores: Float32Array, rows: Int32Array, count: number, want: number, out: Int32Array): number {
  const kept = new Float32Array(count);
  for (let c = 0; c < count; c++) kept[c] = scores[rows[c]];
  if (count <= want) {
    out.set(rows.subarray(0, count));
    return count;
  }
  const kth = kthLargest(kept, count, want);
  let above = 0;
  for (let c = 0; c < count; c++) if (kept[c] > kth) above++;
  let ties = want - above;
  let at = 0;
  for (let c = 0; c < count && at < want; c++) {
    const s = scores[rows[c]];
    if (s > kth || (s === kth && ties-- > 0)) out[at++] = rows[c];
  }
  return at;
}

/**
 * The k-th largest (k ≥ 1) of `a[0..len)` (no NaNs), by quickselect with a median-of-three
 * pivot; reorders `a`. O(len) on average, where sorting the sample cost ~55 ns per value.
 */
export function kthLargest(a: Float32Array, len: number, k: number): number {
  const t = len - k; // its index in ascending order
  let lo = 0;
  let hi = len - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i++] = a[j];
        a[j--] = tmp;
      }
    }
    if (t <= j) hi = j;
    else if (t >= i) lo = i;
    else return a[t];
  }
  return a[t];
}
