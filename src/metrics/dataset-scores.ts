import type { DatasetItem, DatasetName, DatasetProbe } from '../datasets/types.js';
import { locomoAnswerScore } from './f1.js';
import { wilsonInterval } from './interval.js';
import {
  breakdown,
  compareNames,
  locomoEvidenceRecall,
  retrievalExcludesAbstention,
  scoreRetrieval,
  type MetricValues,
  type ProbeScores,
} from './retrieval.js';

/** What one probe of a benchmark produced in one cell. */
export interface DatasetProbeRun {
  item: DatasetItem;
  probe: DatasetProbe;
  /** The strategy's ranking as scenario turn ids, best first (rankedIds mapped through the store). */
  rankedTurnIds: readonly string[];
  /** Turn ids of the messages that reached the model's context. */
  contextTurnIds: readonly string[];
  /** The reader's answer, or null when the probe errored. */
  answer: string | null;
  /** The run's judge verdict for the probe (LongMemEval's official judge is an LLM). */
  correct: boolean | null;
}

/**
 * Every benchmark metric of one probe: retrieval at each k from the ranking, plus
 * LoCoMo: context evidence recall (the official `recall_acc` over the context) and the official
 * per-category answer score `locomo_f1`; both datasets: `accuracy` from the run's judge.
 */
export function datasetProbeScores(run: DatasetProbeRun, ks: readonly number[]): ProbeScores {
  const values: MetricValues = { ...scoreRetrieval(run.item, run.probe, run.rankedTurnIds, ks) };
  if (run.item.dataset === 'locomo') {
    values.evidence_recall_context = locomoEvidenceRecall(
      run.probe.evidenceTurnIds,
      run.probe.unresolvedEvidence,
      run.contextTurnIds,
    );
    if (run.answer !== null)
      values.locomo_f1 = locomoAnswerScore(Number(run.probe.category), run.answer, run.probe.answer);
  }
  if (run.correct !== null) values.accuracy = run.correct ? 1 : 0;
  return { category: run.probe.category, abstention: run.probe.abstention, values };
}

/** One row of metrics.csv (columns: METRIC_COLUMNS in src/report/columns.ts). */
export interface MetricRow {
  dataset: DatasetName;
  strategy: string;
  model: string;
  budget_tokens: number;
  /** Category integer (LoCoMo), question_type (LongMemEval), or `all`. */
  group: string;
  metric: string;
  value: number;
  /** Questions averaged for this value. */
  questions: number;
  /** 95% Wilson interval of the mean over those questions; null where the value is no mean of per-question scores. */
  ci_low: number | null;
  ci_high: number | null;
}

/**
 * The 95% interval of a mean over `n` questions of per-question scores in 0..1. Exact Wilson for
 * 0/1 scores (accuracy, recall_all); for fractional ones (recall_any@k over several evidence
 * turns, ndcg, F1) it is conservative: a score in 0..1 with mean p has variance at most p(1−p).
 */
function meanInterval(value: number, n: number): { ci_low: number | null; ci_high: number | null } {
  const ci = value >= 0 && value <= 1 ? wilsonInterval(value * n, n) : null;
  return ci === null
    ? { ci_low: null, ci_high: null }
    : { ci_low: Math.round(ci.low * 1e6) / 1e6, ci_high: Math.round(ci.high * 1e6) / 1e6 };
}

/**
 * Per-category means of one cell group's probe scores. Retrieval metrics follow the datasets'
 * rules (LongMemEval leaves abstention questions out); answer accuracy on LongMemEval counts
 * every question, as its QA metrics do, so it is averaged separately.
 */
export function metricRows(
  dataset: DatasetName,
  cell: { strategy: string; model: string; budgetTokens: number },
  scores: readonly ProbeScores[],
): MetricRow[] {
  const base = { dataset, strategy: cell.strategy, model: cell.model, budget_tokens: cell.budgetTokens };
  const rows: MetricRow[] = [];
  const push = (
    group: string,
    questions: number,
    means: MetricValues,
    only?: (m: string) => boolean,
    interval = true,
  ) => {
    for (const metric of Object.keys(means).sort(compareNames)) {
      if (only && !only(metric)) continue;
      const value = Math.round(means[metric] * 1e6) / 1e6;
      const ci = interval ? meanInterval(means[metric], questions) : { ci_low: null, ci_high: null };
      rows.push({ ...base, group, metric, value, questions, ...ci });
    }
  };
  const isAnswer = (m: string) => m === 'accuracy' || m === 'locomo_f1';
  // Retrieval by the dataset's rule; answers over every question (LongMemEval's print_qa_metrics.py
  // counts abstention questions in accuracy) plus, where there are any, the abstention questions alone.
  for (const r of breakdown(scores, { excludeAbstention: retrievalExcludesAbstention(dataset) }))
    push(r.group, r.n, r.means, (m) => !isAnswer(m));
  const answers = breakdown(scores, { excludeAbstention: false });
  for (const r of answers) push(r.group, r.n, r.means, isAnswer);
  // print_qa_metrics.py also reports the mean of the per-type accuracies ("task-averaged").
  const perType = answers.filter((r) => r.group !== 'all' && r.means.accuracy !== undefined);
  if (dataset === 'longmemeval' && perType.length > 0) {
    // A mean of per-type means, not of questions: no interval over questions applies.
    push(
      'all',
      scores.length,
      { accuracy_task_averaged: perType.reduce((a, r) => a + r.means.accuracy, 0) / perType.length },
      undefined,
      false,
    );
  }
  const abstention = scores.filter((s) => s.abstention).map((s) => ({ ...s, category: 'abstention' }));
  if (dataset === 'longmemeval' && abstention.length > 0)
    push('abstention', abstention.length, breakdown(abstention, { excludeAbstention: false })[0].means, isAnswer);
  return rows;
}

/**
 * One benchmark question's scores in one cell: the per-question rows metrics.csv is averaged
 * from (question-scores.jsonl). `memeval merge` averages the shards' rows again rather than
 * combining their means, so a merged metrics.csv is the unsharded run's.
 */
export interface QuestionScores extends ProbeScores {
  /** Matrix index of the cell; rows are aggregated in matrix order so the sums add up the same way. */
  cell: number;
  dataset: DatasetName;
  strategy: string;
  model: string;
  budgetTokens: number;
  scenario: string;
  probe: string;
}

/** metrics.csv from per-question scores: one `metricRows` call per dataset × strategy × model × budget, in first-seen order. */
export function aggregateMetricRows(questions: readonly QuestionScores[]): MetricRow[] {
  const groups = new Map<
    string,
    { dataset: DatasetName; cell: { strategy: string; model: string; budgetTokens: number }; scores: ProbeScores[] }
  >();
  for (const q of questions) {
    const cell = { strategy: q.strategy, model: q.model, budgetTokens: q.budgetTokens };
    const key = JSON.stringify([q.dataset, cell]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { dataset: q.dataset, cell, scores: [] }));
    group.scores.push({ category: q.category, abstention: q.abstention, values: q.values });
  }
  return [...groups.values()].flatMap((g) => metricRows(g.dataset, g.cell, g.scores));
}
