/**
 * Selection of the `want` best of many scores — the ternary pre-filter's candidates — without a
 * heap. A heap of 1,500 over 100k estimates costs ~1.2 ms, almost all of it in the ~7,700
 * sift-downs' mispredicted branches; this costs ~0.3 ms. It keeps exactly the set a TopK
 * (src/vector/topk.ts) keeps: scores as float32, equal scores to the lower index.
 */

/** Rows sampled to guess the cut; the guess keeps ~MARGIN × want rows (retried lower if short). */
const SAMPLE = 4096;
const MARGIN = 1.25;

/**
 * Writes to `out` the indices, ascending, of the `want` best of `scores[0..n)` (scores higher,
 * equal scores the lower index); returns how many (min(want, n)). Ascending order also makes the
 * re-rank read the matrix front to back, which is ~1/3 faster than in heap order. NaN scores
 * rank below every number.
 */
export function selectTop(scores: Float32Array, n: number, want: number, out: Int32Array): number {
  if (want >= n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return n;
  }
  if (want <= 0) return 0;
  // A cut from a strided sample, then every row at or above it; too few (an unlucky sample):
  // guess lower, down to keeping every row.
  const step = Math.max(1, Math.floor(n / SAMPLE));
  const sample = new Float32Array(Math.ceil(n / step));
  for (let i = 0, s = 0; i < n; i += step) sample[s++] = scores[i];
  sample.sort(); // ascending, NaN last
  const numbers = sampleNumbers(sample);
  let keepShare = (MARGIN * want) / n;
  for (;;) {
    const rank = Math.floor(keepShare * numbers.length);
    const cut = rank >= numbers.length ? -Infinity : numbers[numbers.length - 1 - rank];
    let count = 0;
    let buf = out.length >= 2 * want ? out : new Int32Array(2 * want);
    for (let i = 0; i < n; i++) {
      if (scores[i] >= cut) {
        if (count === buf.length) {
          const grown = new Int32Array(2 * count);
          grown.set(buf);
          buf = grown;
        }
        buf[count++] = i;
      }
    }
    if (count >= want || cut === -Infinity) return finish(scores, buf, count, want, out);
    keepShare *= 4;
  }
}

/** The sorted sample without its trailing NaNs. */
function sampleNumbers(sorted: Float32Array): Float32Array {
  let end = sorted.length;
  while (end > 0 && Number.isNaN(sorted[end - 1])) end--;
  return sorted.subarray(0, end);
}

/**
 * From `count` ascending row indices in `rows` (a superset of the answer), the `want` best into
 * `out`, ascending: every row above the want-th best score, then rows equal to it, lowest first.
 */
function finish(scores: Float32Array, rows: Int32Array, count: number, want: number, out: Int32Array): number {
  const kept = new Float32Array(count);
  let numbers = 0;
  for (let c = 0; c < count; c++) if (!Number.isNaN((kept[numbers] = scores[rows[c]]))) numbers++;
  const sorted = kept.subarray(0, numbers).sort();
  // Fewer numbers than wanted only when NaNs fill the rest: they come last, lowest index first.
  const kth = numbers >= want ? sorted[numbers - want] : -Infinity;
  let above = 0;
  for (let i = numbers - 1; i >= 0 && sorted[i] > kth; i--) above++;
  let ties = want - above;
  let at = 0;
  for (let c = 0; c < count && at < want; c++) {
    const s = scores[rows[c]];
    if (s > kth) out[at++] = rows[c];
    else if (ties > 0 && (s === kth || (kth === -Infinity && Number.isNaN(s)))) {
      out[at++] = rows[c];
      ties--;
    }
  }
  return at;
}
