/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list gives an item 1 / (k + rank), rank
 * from 1; items are ordered by the sum. It needs no score calibration between rankers (BM25
 * and cosine are on unrelated scales), and k = 60 damps the influence of the very top ranks.
 * Ties keep first-seen order (the sort is stable), so the fusion is deterministic.
 */
export function reciprocalRankFusion(lists: readonly (readonly number[])[], k = 60): { id: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const list of lists) list.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
