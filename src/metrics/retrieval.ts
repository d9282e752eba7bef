import type { DatasetItem, DatasetName, DatasetProbe } from '../datasets/types.js';

/**
 * Retrieval metrics with the benchmarks' own definitions, so numbers compare with the papers.
 *
 * LongMemEval: xiaowu0162/LongMemEval `src/retrieval/eval_utils.py` (`dcg`, `ndcg`,
 * `evaluate_retrieval`, `evaluate_retrieval_turn2session`) and the corpus of
 * `run_retrieval.py` at turn granularity. LoCoMo: the evidence recall of
 * `task_eval/evaluation.py` (`recall_acc`), the figure of the paper's RAG table.
 */

/** k values the LongMemEval code reports. */
export const LONGMEMEVAL_KS = [1, 3, 5, 10, 30, 50] as const;

/**
 * LongMemEval's DCG over the first k relevances: rel[0] + Σ_{i≥1} rel[i] / log2(i+1).
 * Note the first two positions both have weight 1 (log2(2) = 1), unlike the log2(i+2) variant.
 */
export function dcg(relevances: readonly number[], k: number): number {
  const r = relevances.slice(0, k);
  if (r.length === 0) return 0;
  let sum = r[0];
  for (let i = 1; i < r.length; i++) sum += r[i] / Math.log2(i + 1);
  return sum;
}

/** Recall and nDCG of one ranking; the shape `evaluate_retrieval` returns. */
export interface RetrievalAtK {
  recallAny: number;
  recallAll: number;
  ndcgAny: number;
}

/**
 * `evaluate_retrieval`: `ranked` holds the document id of each retrieved item in rank order
 * (ids may repeat when turns are mapped to sessions), `corpus` the document id of every item
 * that could be retrieved. recall_any = 1 if any correct document is in the top k; recall_all = 1
 * if all are (so 1 when there are none, like Python's `all([])`); ndcg against the ideal order
 * of the whole corpus, 0 when the corpus holds nothing correct. A k beyond the list just takes
 * the whole list, as Python slicing does.
 */
export function evaluateRetrieval(
  ranked: readonly string[],
  correct: readonly string[],
  corpus: readonly string[],
  k: number,
): RetrievalAtK {
  const top = new Set(ranked.slice(0, k));
  const correctSet = new Set(correct);
  const rel = (id: string) => (correctSet.has(id) ? 1 : 0);
  const ideal = dcg(
    corpus.map(rel).sort((a, b) => b - a),
    k,
  );
  return {
    recallAny: correct.some((d) => top.has(d)) ? 1 : 0,
    recallAll: correct.every((d) => top.has(d)) ? 1 : 0,
    ndcgAny: ideal === 0 ? 0 : dcg(ranked.slice(0, k).map(rel), k) / ideal,
  };
}

/**
 * `evaluate_retrieval_turn2session`: turn ids are mapped to session ids, and k is widened until
 * the top k turns cover k distinct sessions (or the corpus runs out), then scored as above.
 */
export function evaluateTurnToSession(
  rankedSessions: readonly string[],
  correctSessions: readonly string[],
  corpusSessions: readonly string[],
  k: number,
): RetrievalAtK {
  let effectiveK = k;
  let unique = new Set(rankedSessions.slice(0, effectiveK));
  while (effectiveK <= corpusSessions.length && unique.size < k) {
    effectiveK++;
    unique = new Set(rankedSessions.slice(0, effectiveK));
  }
  return evaluateRetrieval(rankedSessions, [...new Set(correctSessions)], corpusSessions, effectiveK);
}

/**
 * LoCoMo evidence recall: the fraction of the question's evidence ids found among `retrieved`
 * (the top-k turns, or the turns in the model's context); 1 when the question cites no evidence,
 * as the official code does. Unresolvable evidence stays in the denominator, never retrievable.
 */
export function locomoEvidenceRecall(
  evidence: readonly string[],
  unresolved: readonly string[],
  retrieved: readonly string[],
): number {
  const total = evidence.length + unresolved.length;
  if (total === 0) return 1;
  const got = new Set(retrieved);
  return evidence.filter((e) => got.has(e)).length / total;
}

/** Metric name → value for one probe, e.g. `turn.recall_any@5`, `evidence_recall@10`. */
export type MetricValues = Record<string, number>;

/**
 * LongMemEval turn-level and session-level metrics for one question. The official turn corpus
 * holds the user turns only (`process_item_flat_index`), so assistant turns are dropped from
 * the ranking; correct turns are user turns with has_answer in an answer session. For the
 * session view a non-evidence turn of an evidence session counts as a different document
 * (the official code renames it `noans_…`), so a session is found only through an evidence turn.
 */
export function longMemEvalMetrics(
  item: DatasetItem,
  probe: DatasetProbe,
  rankedTurnIds: readonly string[],
  ks: readonly number[],
): MetricValues {
  const answerSessions = new Set(probe.evidenceSessionIds);
  const evidence = new Set(probe.evidenceTurnIds);
  const userTurns = item.corpus.filter((t) => t.role === 'user');
  const correctTurn = (id: string, sessionId: string) => evidence.has(id) && answerSessions.has(sessionId);
  const sessionDoc = new Map<string, string>();
  for (const t of userTurns)
    sessionDoc.set(
      t.id,
      answerSessions.has(t.sessionId) && !correctTurn(t.id, t.sessionId) ? `noans:${t.sessionId}` : t.sessionId,
    );
  const correctTurns = userTurns.filter((t) => correctTurn(t.id, t.sessionId)).map((t) => t.id);
  const ranked = dedupe(rankedTurnIds.filter((id) => sessionDoc.has(id)));
  const corpusIds = userTurns.map((t) => t.id);
  const out: MetricValues = {};
  for (const k of ks) {
    const turn = evaluateRetrieval(ranked, correctTurns, corpusIds, k);
    const session = evaluateTurnToSession(
      ranked.map((id) => sessionDoc.get(id)!),
      correctTurns.map((id) => sessionDoc.get(id)!),
      corpusIds.map((id) => sessionDoc.get(id)!),
      k,
    );
    put(out, 'turn', k, turn);
    put(out, 'session', k, session);
  }
  return out;
}

/** LoCoMo evidence recall at each k over the ranked turns (both speakers are in the corpus). */
export function locomoMetrics(
  probe: DatasetProbe,
  rankedTurnIds: readonly string[],
  ks: readonly number[],
): MetricValues {
  const ranked = dedupe(rankedTurnIds);
  const out: MetricValues = {};
  for (const k of ks)
    out[`evidence_recall@${k}`] = locomoEvidenceRecall(
      probe.evidenceTurnIds,
      probe.unresolvedEvidence,
      ranked.slice(0, k),
    );
  return out;
}

/**
 * The dataset's retrieval metrics for one probe from the strategy's ranking (scenario turn ids,
 * best first, as many as were retrieved: one retrieval at the largest k serves every smaller k).
 */
export function scoreRetrieval(
  item: DatasetItem,
  probe: DatasetProbe,
  rankedTurnIds: readonly string[],
  ks: readonly number[],
): MetricValues {
  return item.dataset === 'locomo'
    ? locomoMetrics(probe, rankedTurnIds, ks)
    : longMemEvalMetrics(item, probe, rankedTurnIds, ks);
}

/** One probe's scores, ready for a per-category breakdown. */
export interface ProbeScores {
  category: number | string;
  abstention: boolean;
  values: MetricValues;
}

/** Mean of each metric per category plus an `all` row; the `n` is the number of probes averaged. */
export interface BreakdownRow {
  group: string;
  n: number;
  means: MetricValues;
}

/**
 * Per-category means plus an `all` row. For retrieval, LongMemEval excludes abstention
 * questions (as `run_retrieval.py` and `print_retrieval_metrics.py` do) and LoCoMo averages
 * every question: pass `retrievalExcludesAbstention(dataset)`.
 */
export function breakdown(scores: readonly ProbeScores[], options: { excludeAbstention: boolean }): BreakdownRow[] {
  const kept = options.excludeAbstention ? scores.filter((s) => !s.abstention) : scores;
  const groups = new Map<string, ProbeScores[]>();
  for (const s of kept) {
    const key = String(s.category);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const keys = [...groups.keys()].sort(compareNames);
  return [...keys.map((k) => meanRow(k, groups.get(k)!)), meanRow('all', kept)];
}

/** Whether the dataset's official retrieval averages leave abstention questions out. */
export function retrievalExcludesAbstention(dataset: DatasetName): boolean {
  return dataset === 'longmemeval';
}

/**
 * Order for categories and metric names that does not depend on the locale: `name@k` by name,
 * then by k as a number; all-digit names (LoCoMo categories) as numbers, before other names.
 */
export function compareNames(a: string, b: string): number {
  const [an, ak] = a.split('@');
  const [bn, bk] = b.split('@');
  const numeric = /^\d+$/;
  if (numeric.test(an) && numeric.test(bn) && an !== bn) return Number(an) - Number(bn);
  if (numeric.test(an) !== numeric.test(bn)) return numeric.test(an) ? -1 : 1;
  if (an !== bn) return an < bn ? -1 : 1;
  return Number(ak ?? -1) - Number(bk ?? -1);
}

function meanRow(group: string, rows: readonly ProbeScores[]): BreakdownRow {
  const sums: MetricValues = {};
  for (const r of rows) for (const [name, v] of Object.entries(r.values)) sums[name] = (sums[name] ?? 0) + v;
  const means: MetricValues = {};
  for (const [name, v] of Object.entries(sums)) means[name] = v / rows.length;
  return { group, n: rows.length, means };
}

function put(out: MetricValues, level: string, k: number, r: RetrievalAtK): void {
  out[`${level}.recall_any@${k}`] = r.recallAny;
  out[`${level}.recall_all@${k}`] = r.recallAll;
  out[`${level}.ndcg_any@${k}`] = r.ndcgAny;
}

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
