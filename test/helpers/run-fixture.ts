import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_COLUMNS, SUMMARY_COLUMNS, type ResultRow, type SummaryRow } from '../../src/report/columns.js';
import { toCsv } from '../../src/report/csv.js';

/** A result row of an answered, correct probe on the offline reader; override what a test needs. */
export function resultRow(overrides: Partial<ResultRow> = {}): ResultRow {
  return {
    run_id: 'run-fixture',
    scenario_id: 'recall',
    probe_id: 'p1',
    kind: 'recall',
    category: null,
    strategy: 'recency',
    embedder: 'none',
    model: 'offline',
    model_provider: 'offline',
    judge: 'contains',
    budget_tokens: 4000,
    question: 'What is my sister called?',
    expected: 'Ingrid',
    answer: 'Her name is Ingrid.',
    correct: true,
    score: 1,
    evidence_total: 1,
    evidence_hit: true,
    evidence_recall: 1,
    leaked: false,
    forbidden_in_answer: false,
    context_tokens: 50,
    input_tokens: 60,
    output_tokens: 8,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    usage_exact: false,
    cost_usd: null,
    priced_as: null,
    stop_reason: 'end_turn',
    max_tokens_stop: false,
    judge_input_tokens: null,
    judge_output_tokens: null,
    judge_cost_usd: null,
    summary_input_tokens: 0,
    summary_output_tokens: 0,
    summary_cost_usd: 0,
    strategy_ms: 0.5,
    model_ms: 0.25,
    total_ms: 1,
    cached: false,
    error: null,
    ...overrides,
  };
}

/** A summary row for one cell; override what a test needs. */
export function summaryRow(overrides: Partial<SummaryRow> = {}): SummaryRow {
  return {
    strategy: 'recency',
    embedder: 'none',
    model: 'offline',
    model_provider: 'offline',
    judge: 'contains',
    budget_tokens: 4000,
    priced_as: null,
    probes: 10,
    accuracy: 0.8,
    evidence_recall: 0.75,
    leaks: 0,
    errors: 0,
    mean_input_tokens: 1200,
    mean_output_tokens: 9.5,
    cost_per_exchange_usd: null,
    mean_summary_input_tokens: 0,
    mean_summary_output_tokens: 0,
    summary_cost_per_exchange_usd: 0,
    strategy_p50_ms: 0.4,
    strategy_p95_ms: 1.9,
    total_p50_ms: 1.1,
    total_p95_ms: 3,
    // Wilson 95% of 8/10 and of 7.5/10.
    accuracy_ci_low: 0.4902,
    accuracy_ci_high: 0.9433,
    evidence_recall_ci_low: 0.4422,
    evidence_recall_ci_high: 0.9191,
    ...overrides,
  };
}

/** A run.json with the fields check, merge and the report read. */
export function manifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    runId: 'run-fixture',
    createdAt: '2026-11-25T10:00:00.000Z',
    models: [
      {
        id: 'offline',
        provider: 'offline',
        note: 'offline reader proxy: a deterministic extractive reader, not a language model and not Claude',
      },
    ],
    options: { embedder: { id: 'hash-384-v1', kind: 'lexical' }, judge: 'auto' },
    cells: [{ scenario: 'recall', strategy: 'recency', model: { id: 'offline' }, budgetTokens: 4000 }],
    ...overrides,
  };
}

/** Writes a run folder (results.csv, summary.csv, run.json) and returns its path. */
export function writeRun(
  dir: string,
  run: { results: ResultRow[]; summary: SummaryRow[]; manifest?: Record<string, unknown> },
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.csv'), toCsv(RESULT_COLUMNS, run.results));
  writeFileSync(join(dir, 'summary.csv'), toCsv(SUMMARY_COLUMNS, run.summary));
  writeFileSync(join(dir, 'run.json'), `${JSON.stringify(run.manifest ?? manifest(), null, 2)}\n`);
  return dir;
}

/** Writes a summary.csv alone (a baseline) and returns its path. */
export function writeSummary(file: string, rows: SummaryRow[]): string {
  writeFileSync(file, toCsv(SUMMARY_COLUMNS, rows));
  return file;
}
