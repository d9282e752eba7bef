import { wilsonInterval } from '../metrics/interval.js';
import { mean, percentile, round } from '../util/numbers.js';
import type { ResultRow, SummaryRow } from './columns.js';

/** Columns that identify a summary group; the rest are aggregates. */
const GROUP_KEYS = ['strategy', 'embedder', 'model', 'model_provider', 'budget_tokens', 'priced_as'] as const;

/**
 * One summary row per strategy × model × budget × priced_as, ordered by the order strategies,
 * models and priced_as first appear in the rows, then budget ascending.
 *
 * - accuracy: correct / probes; an errored probe counts as wrong (and in `errors`).
 * - evidence_recall: mean over answered probes that have evidence; empty when none do.
 * - mean tokens and cost per exchange: over answered probes; cost is empty when unpriced.
 * - summariser tokens and cost per exchange: over every probe (each carries the summaries its
 *   cell made since the previous one); cost empty when the summariser is unpriced.
 * - latency percentiles (nearest rank): answered probes not served from the replay cache.
 * - accuracy_ci_* / evidence_recall_ci_*: 95% Wilson score intervals over the same probes as the
 *   rate (evidence recall's mean reads as that many hits of its probes, exact when each is 0 or 1).
 */
export function summarize(rows: readonly ResultRow[]): SummaryRow[] {
  const groups = new Map<string, ResultRow[]>();
  const firstSeen = {
    strategy: new Map<unknown, number>(),
    model: new Map<unknown, number>(),
    priced_as: new Map<unknown, number>(),
  };
  for (const r of rows) {
    for (const k of ['strategy', 'model', 'priced_as'] as const)
      if (!firstSeen[k].has(r[k])) firstSeen[k].set(r[k], firstSeen[k].size);
    const key = JSON.stringify(GROUP_KEYS.map((k) => r[k]));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    const x = a[0];
    const y = b[0];
    return (
      firstSeen.strategy.get(x.strategy)! - firstSeen.strategy.get(y.strategy)! ||
      firstSeen.model.get(x.model)! - firstSeen.model.get(y.model)! ||
      Number(x.budget_tokens) - Number(y.budget_tokens) ||
      firstSeen.priced_as.get(x.priced_as)! - firstSeen.priced_as.get(y.priced_as)!
    );
  });
  return ordered.map(summarizeGroup);
}

/** Mean dollars, or null when there are none or any is unpriced (a partial mean would understate). */
function meanUsd(costs: ResultRow[keyof ResultRow][]): number | null {
  if (costs.length === 0 || costs.some((c) => c === null)) return null;
  const m = mean(costs.map(Number));
  return m === null ? null : round(m, 9);
}

function summarizeGroup(group: ResultRow[]): SummaryRow {
  const first = group[0];
  const answered = group.filter((r) => r.answer !== null);
  const withEvidence = answered.filter((r) => r.evidence_recall !== null);
  const timed = answered.filter((r) => r.cached !== true && r.total_ms !== null);
  const nums = (rs: ResultRow[], k: keyof ResultRow) => rs.map((r) => Number(r[k]));
  const fixed = (v: number | null, digits: number) => (v === null ? null : round(v, digits));
  const correct = group.filter((r) => r.correct === true).length;
  const recall = mean(nums(withEvidence, 'evidence_recall'));
  const accuracyCi = wilsonInterval(correct, group.length);
  const recallCi = recall === null ? null : wilsonInterval(recall * withEvidence.length, withEvidence.length);
  return {
    strategy: first.strategy as string,
    embedder: first.embedder as string,
    model: first.model as string,
    model_provider: first.model_provider as string,
    judge: [...new Set(group.map((r) => String(r.judge)))].sort().join('+'),
    budget_tokens: first.budget_tokens as number,
    priced_as: (first.priced_as as string | null) ?? null,
    probes: group.length,
    accuracy: round(correct / group.length, 4),
    evidence_recall: fixed(recall, 4),
    leaks: group.filter((r) => r.leaked === true).length,
    errors: group.filter((r) => r.error !== null).length,
    mean_input_tokens: fixed(mean(nums(answered, 'input_tokens')), 1),
    mean_output_tokens: fixed(mean(nums(answered, 'output_tokens')), 1),
    cost_per_exchange_usd: meanUsd(answered.map((r) => r.cost_usd)),
    // Over every probe: summaries were paid for whether or not the probe then errored.
    mean_summary_input_tokens: fixed(mean(nums(group, 'summary_input_tokens')), 1),
    mean_summary_output_tokens: fixed(mean(nums(group, 'summary_output_tokens')), 1),
    summary_cost_per_exchange_usd: meanUsd(group.map((r) => r.summary_cost_usd)),
    strategy_p50_ms: percentile(nums(timed, 'strategy_ms'), 0.5),
    strategy_p95_ms: percentile(nums(timed, 'strategy_ms'), 0.95),
    total_p50_ms: percentile(nums(timed, 'total_ms'), 0.5),
    total_p95_ms: percentile(nums(timed, 'total_ms'), 0.95),
    accuracy_ci_low: fixed(accuracyCi?.low ?? null, 4),
    accuracy_ci_high: fixed(accuracyCi?.high ?? null, 4),
    evidence_recall_ci_low: fixed(recallCi?.low ?? null, 4),
    evidence_recall_ci_high: fixed(recallCi?.high ?? null, 4),
  };
}
