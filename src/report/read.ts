import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import {
  LATER_COLUMNS,
  PROBE_COLUMNS,
  type ProbeColumn,
  type ProbeRow,
  RESULT_COLUMNS,
  SUMMARY_COLUMNS,
  type ResultColumn,
  type ResultRow,
  type SummaryColumn,
  type SummaryRow,
} from './columns.js';
import { parseCsvTable } from './csv-parse.js';

/** How a CSV cell turns back into a value. Empty cells are null except for `id` columns, which are required. */
const CELL = {
  id: z.string().min(1, 'must not be empty'),
  text: z.string().transform((s) => (s === '' ? null : s)),
  int: z
    .string()
    .regex(/^(-?\d+)?$/, 'must be a whole number or empty')
    .transform((s) => (s === '' ? null : Number(s))),
  num: z
    .string()
    .refine((s) => s === '' || Number.isFinite(Number(s)), 'must be a number or empty')
    .transform((s) => (s === '' ? null : Number(s))),
  bool: z.enum(['true', 'false', '']).transform((s) => (s === '' ? null : s === 'true')),
} as const;
type CellKind = keyof typeof CELL;

/** Column types of results.csv; every column of RESULT_COLUMNS is listed (the type checker insists). */
const RESULT_KINDS: Record<ResultColumn, CellKind> = {
  run_id: 'id',
  scenario_id: 'id',
  probe_id: 'id',
  kind: 'id',
  category: 'text',
  strategy: 'id',
  embedder: 'id',
  model: 'id',
  model_provider: 'id',
  judge: 'id',
  budget_tokens: 'int',
  question: 'text',
  expected: 'text',
  answer: 'text',
  correct: 'bool',
  score: 'num',
  evidence_total: 'int',
  evidence_hit: 'bool',
  evidence_recall: 'num',
  leaked: 'bool',
  forbidden_in_answer: 'bool',
  context_tokens: 'int',
  input_tokens: 'int',
  output_tokens: 'int',
  cache_read_tokens: 'int',
  cache_write_tokens: 'int',
  usage_exact: 'bool',
  cost_usd: 'num',
  priced_as: 'text',
  stop_reason: 'text',
  max_tokens_stop: 'bool',
  judge_input_tokens: 'int',
  judge_output_tokens: 'int',
  judge_cost_usd: 'num',
  summary_input_tokens: 'int',
  summary_output_tokens: 'int',
  summary_cost_usd: 'num',
  strategy_ms: 'num',
  model_ms: 'num',
  total_ms: 'num',
  cached: 'bool',
  error: 'text',
};

/** Column types of summary.csv. */
const SUMMARY_KINDS: Record<SummaryColumn, CellKind> = {
  strategy: 'id',
  embedder: 'id',
  model: 'id',
  model_provider: 'id',
  judge: 'id',
  budget_tokens: 'int',
  priced_as: 'text',
  probes: 'int',
  accuracy: 'num',
  evidence_recall: 'num',
  leaks: 'int',
  errors: 'int',
  mean_input_tokens: 'num',
  mean_output_tokens: 'num',
  cost_per_exchange_usd: 'num',
  mean_summary_input_tokens: 'num',
  mean_summary_output_tokens: 'num',
  summary_cost_per_exchange_usd: 'num',
  strategy_p50_ms: 'num',
  strategy_p95_ms: 'num',
  total_p50_ms: 'num',
  total_p95_ms: 'num',
  accuracy_ci_low: 'num',
  accuracy_ci_high: 'num',
  evidence_recall_ci_low: 'num',
  evidence_recall_ci_high: 'num',
};

/** Column types of probes.csv (the per-probe baseline). */
const PROBE_KINDS: Record<ProbeColumn, CellKind> = {
  scenario_id: 'id',
  probe_id: 'id',
  strategy: 'id',
  model: 'id',
  budget_tokens: 'int',
  repeat: 'int',
  question: 'text',
  expected: 'text',
  answer: 'text',
  correct: 'bool',
  score: 'num',
};

function rowSchema<C extends string>(kinds: Record<C, CellKind>) {
  return z
    .object(
      Object.fromEntries(Object.entries(kinds).map(([c, k]) => [c, CELL[k as CellKind]])) as unknown as Record<
        C,
        z.ZodType
      >,
    )
    .strict();
}

const ResultRowSchema = rowSchema(RESULT_KINDS);
const SummaryRowSchema = rowSchema(SUMMARY_KINDS);
const ProbeRowSchema = rowSchema(PROBE_KINDS);

function readText(file: string): string {
  if (!existsSync(file)) throw new MemevalError('BAD_INPUT', `${file}: no such file`);
  return readFileSync(file, 'utf8');
}

function parseRows<C extends string, R>(file: string, columns: readonly C[], schema: z.ZodType<R>): R[] {
  return parseCsvTable(readText(file), columns, file, LATER_COLUMNS).map((record, i) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Record 1 is the header, so data record i is record i + 2 of the file.
      throw new MemevalError(
        'BAD_INPUT',
        `${file}: record ${i + 2}, column ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(record[issue.path[0] as C])})`,
      );
    }
    return parsed.data;
  });
}

/** Reads results.csv back into typed rows (numbers, booleans, null for empty cells). */
export function readResults(file: string): ResultRow[] {
  return parseRows(file, RESULT_COLUMNS, ResultRowSchema) as ResultRow[];
}

/** Reads summary.csv (a run's or a baseline) back into typed rows. */
export function readSummary(file: string): SummaryRow[] {
  return parseRows(file, SUMMARY_COLUMNS, SummaryRowSchema) as SummaryRow[];
}

/** Reads probes.csv, the per-probe baseline beside a baseline summary.csv. */
export function readProbes(file: string): ProbeRow[] {
  return parseRows(file, PROBE_COLUMNS, ProbeRowSchema) as ProbeRow[];
}

/**
 * The parts of run.json that check, merge and the HTML report rely on. The runner writes more;
 * unknown fields pass through untouched so a merged run.json keeps them.
 */
export const RunManifest = z.looseObject({
  runId: z.string().min(1),
  createdAt: z.string().min(1),
  models: z.array(z.looseObject({ id: z.string(), provider: z.string(), note: z.string().optional() })),
  options: z.looseObject({
    embedder: z.looseObject({ id: z.string(), kind: z.string().optional() }).optional(),
    judge: z.string().optional(),
  }),
  cells: z.array(
    z.looseObject({
      /** Position in the full, unsharded matrix; present in runs written with --shard support. */
      index: z.number().int().nonnegative().optional(),
      scenario: z.string(),
      strategy: z.string(),
      model: z.looseObject({ id: z.string() }),
      budgetTokens: z.number().int(),
    }),
  ),
  /** Set when the run is one slice of a sharded matrix. */
  shard: z
    .object({
      k: z.number().int().positive(),
      n: z.number().int().positive(),
      totalCells: z.number().int().nonnegative(),
      /** The scheduler the shard was read from (`--shard auto`); absent when given as k/n. */
      from: z.string().optional(),
    })
    .optional(),
});
export type RunManifest = z.infer<typeof RunManifest>;

export function readManifest(file: string): RunManifest {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch (err) {
    if (err instanceof MemevalError) throw err;
    throw new MemevalError('BAD_INPUT', `${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = RunManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemevalError('BAD_INPUT', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A run folder read back: what `memeval run` (or `memeval merge`) wrote. */
export interface RunFiles {
  dir: string;
  results: ResultRow[];
  summary: SummaryRow[];
  manifest: RunManifest;
}

export function readRunDir(dir: string): RunFiles {
  if (!existsSync(dir)) throw new MemevalError('BAD_INPUT', `${dir}: no such run folder`);
  return {
    dir,
    results: readResults(join(dir, 'results.csv')),
    summary: readSummary(join(dir, 'summary.csv')),
    manifest: readManifest(join(dir, 'run.json')),
  };
}
