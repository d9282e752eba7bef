import { toError } from '../errors.js';
import { JUDGES, judgeForProbe } from '../judges/index.js';
import { containsNormalized } from '../judges/normalize.js';
import type { Judge, Verdict } from '../judges/types.js';
import { costUsd, findPrice, type PriceRow } from '../models/pricing.js';
import type { ChatRequest } from '../models/types.js';
import type { ResultRow } from '../report/columns.js';
import type { ProbeSpec } from '../scenario/schema.js';
import { round } from '../util/numbers.js';
import type { CellResult, ProbeOutcome } from './cell.js';

export interface ScoreOptions {
  runId: string;
  /** The run's `--judge`; undefined means each probe's own or implied judge. */
  runJudge?: Judge;
  /** Extra pricing (`--price-as`): each probe gets one more row per model, its cost an estimate. */
  priceAs: readonly PriceRow[];
}

/** How `expected` reads in a row. */
export function describeExpectation(expect: ProbeSpec['expect']): string {
  if (expect.abstain) return '(abstain)';
  if (expect.regex !== undefined) return `/${expect.regex}/i`;
  return (expect.any ?? []).join(' | ');
}

/**
 * Everything the reader was shown except the question itself: system prefix and history turns.
 * Alternation repair may have merged unanswered history turns into the question's message, so
 * only the question's own text is cut from the end of it.
 */
export function contextText(request: ChatRequest, question: string): string {
  const contents = request.messages.map((m) => m.content);
  const last = contents.pop() ?? '';
  contents.push(last.endsWith(question) ? last.slice(0, last.length - question.length) : last);
  return [request.system ?? '', ...contents].join('\n');
}

/** Whether any forbidden string (normalised, whole words) is in the context or the answer. */
export function leaks(forbidden: readonly string[], context: string, answer: string): boolean {
  return forbidden.some((f) => containsNormalized(context, f) || containsNormalized(answer, f));
}

/** Evidence turns whose stored message reached the context. */
export function evidenceScore(
  evidenceIds: readonly (number | null)[],
  contextIds: readonly number[],
): { hit: number; total: number } {
  const inContext = new Set(contextIds);
  return { hit: evidenceIds.filter((id) => id !== null && inContext.has(id)).length, total: evidenceIds.length };
}

/**
 * Turns a cell's probe outcomes into result rows: judged, evidence and leaks checked, tokens and
 * cost filled in. One row per probe, plus one per `--price-as` model. Judge failures become the
 * row's error; nothing here throws for a single probe.
 */
export async function scoreCell(cell: CellResult, options: ScoreOptions): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const outcome of cell.outcomes) rows.push(...(await scoreOutcome(cell, outcome, options)));
  return rows;
}

async function scoreOutcome(cell: CellResult, outcome: ProbeOutcome, options: ScoreOptions): Promise<ResultRow[]> {
  const { spec } = cell;
  const { probe } = outcome;
  const judge = judgeForProbe(probe.expect, probe.judge ? JUDGES[probe.judge] : undefined, options.runJudge);
  const base: ResultRow = {
    run_id: options.runId,
    scenario_id: spec.scenario.id,
    probe_id: probe.id,
    kind: probe.kind,
    category: probe.category ?? null,
    strategy: spec.strategy.label,
    embedder: cell.strategyInfo.embedder,
    model: spec.model.id,
    model_provider: spec.model.provider,
    judge: judge.name,
    budget_tokens: spec.budgetTokens,
    question: probe.question,
    expected: describeExpectation(probe.expect),
    answer: null,
    correct: false,
    score: 0,
    evidence_total: probe.evidence.length,
    evidence_hit: null,
    evidence_recall: null,
    leaked: null,
    forbidden_in_answer: null,
    context_tokens: null,
    input_tokens: null,
    output_tokens: null,
    cache_read_tokens: null,
    cache_write_tokens: null,
    usage_exact: null,
    cost_usd: null,
    priced_as: null,
    stop_reason: null,
    max_tokens_stop: null,
    judge_input_tokens: null,
    judge_output_tokens: null,
    judge_cost_usd: null,
    // Spent whether or not the probe was answered, so error rows carry it too.
    summary_input_tokens: outcome.summarizer.inputTokens,
    summary_output_tokens: outcome.summarizer.outputTokens,
    summary_cost_usd: roundUsd(outcome.summarizer.costUsd),
    strategy_ms: null,
    model_ms: null,
    total_ms: null,
    cached: null,
    error: null,
  };
  if (outcome.status === 'error') return [{ ...base, error: outcome.error }];

  const { turn, evidenceIds } = outcome;
  const answer = turn.reply.text;
  let verdict: Verdict;
  let error: string | null = null;
  try {
    verdict = await judge.judge({ question: probe.question, answer, expect: probe.expect, kind: probe.kind });
  } catch (err) {
    verdict = { correct: false, score: 0 };
    error = `judge ${judge.name} failed: ${toError(err).message}`;
  }
  const evidence = evidenceScore(evidenceIds, turn.context.messageIds);
  const forbiddenInAnswer = probe.forbid_in_answer.some((f) => containsNormalized(answer, f));
  const usage = turn.reply.usage;
  const ownPrice = findPrice(spec.model.id);
  const row: ResultRow = {
    ...base,
    answer,
    // The judge may accept an answer that also names the old value; forbid_in_answer overrules it.
    correct: verdict.correct && !forbiddenInAnswer,
    score: forbiddenInAnswer ? 0 : round(verdict.score, 4),
    evidence_hit: evidence.total > 0 ? evidence.hit === evidence.total : null,
    evidence_recall: evidence.total > 0 ? round(evidence.hit / evidence.total, 4) : null,
    leaked: leaks(probe.forbidden, contextText(turn.request, probe.question), answer),
    forbidden_in_answer: forbiddenInAnswer,
    context_tokens: turn.context.contextTokens,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    usage_exact: turn.reply.usageExact,
    cost_usd: roundUsd(costUsd(usage, ownPrice)),
    priced_as: ownPrice?.id ?? null,
    stop_reason: turn.reply.stopReason,
    max_tokens_stop: turn.reply.stopReason === 'max_tokens',
    judge_input_tokens: verdict.usage?.inputTokens ?? null,
    judge_output_tokens: verdict.usage?.outputTokens ?? null,
    judge_cost_usd: roundUsd(verdict.costUsd ?? null),
    strategy_ms: round(turn.strategyMs, 3),
    model_ms: round(turn.modelMs, 3),
    total_ms: round(turn.totalMs, 3),
    cached: turn.reply.cached,
    error,
  };
  return [
    row,
    ...options.priceAs.map((price) => ({ ...row, cost_usd: roundUsd(costUsd(usage, price)), priced_as: price.id })),
  ];
}

function roundUsd(usd: number | null): number | null {
  return usd === null ? null : round(usd, 9);
}
