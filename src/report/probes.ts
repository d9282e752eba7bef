import { dirname, join } from 'node:path';
import type { ProbeRow, ResultRow } from './columns.js';

/** The per-probe baseline lives beside its summary.csv, so one `--baseline` names both. */
export function probesFileBeside(summaryFile: string): string {
  return join(dirname(summaryFile), 'probes.csv');
}

/** The key a probe is paired on between a baseline and a current run. */
export function probeKey(
  r: Pick<ProbeRow, 'scenario_id' | 'probe_id' | 'strategy' | 'model' | 'budget_tokens'>,
): string {
  return JSON.stringify([r.scenario_id, r.probe_id, r.strategy, r.model, r.budget_tokens, 0]);
}

/**
 * probes.csv rows from results.csv: one per probe, the first of its `--price-as` rows (they
 * differ only in cost, which a verdict does not depend on).
 */
export function probeRowsOf(results: readonly ResultRow[]): ProbeRow[] {
  const seen = new Set<string>();
  const out: ProbeRow[] = [];
  for (const r of results) {
    const key = probeKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      scenario_id: r.scenario_id,
      probe_id: r.probe_id,
      strategy: r.strategy,
      model: r.model,
      budget_tokens: r.budget_tokens,
      repeat: 0,
      question: r.question,
      expected: r.expected,
      answer: r.answer,
      correct: r.correct,
      score: r.score,
    });
  }
  return out;
}
