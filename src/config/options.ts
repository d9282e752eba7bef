import type { Options } from 'yargs';
import { z } from 'zod';
import { AUTO_JUDGE } from '../judges/index.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MAX_TIMEOUT_MS } from '../models/anthropic.js';
import { CACHE_MODES, DEFAULT_CACHE_DIR } from '../models/cache/cached-model.js';
import { DEFAULT_CONCURRENCY as DEFAULT_CLAUDE_CONCURRENCY, MAX_CLAUDE_CONCURRENCY } from '../cli/claude-options.js';
import { MAX_COST_USD } from '../models/spend.js';
import { OFFLINE_MODEL_ID } from '../models/offline.js';
import { TOKEN_COUNT_MODES } from '../models/token-count.js';
import { DEFAULT_THRESHOLDS } from '../report/compare.js';
import { OFFLINE_SUMMARIZER } from '../runner/models.js';
import { DEFAULT_CONCURRENCY, MAX_BUDGET_TOKENS, MAX_CELL_CONCURRENCY, MAX_TOP_K } from '../runner/plan.js';
import { DEFAULT_OUT_DIR } from '../runner/run.js';
import { isStrategyDefinition, splitSpecList } from '../strategy/spec.js';
import type { StrategyDefinition } from '../strategy/types.js';

export { OPTION_SOURCES, type OptionSource } from './sources.js';

/**
 * One option, declared once: its flag, environment variable, config key (the table key), default,
 * description, and the zod schema every source's value must pass. The yargs declaration is
 * derived from it and never carries the default: a yargs default makes every flag look given,
 * which would let the default beat the environment and the config file.
 */
export interface OptionDecl<S extends z.ZodType = z.ZodType> {
  /** CLI flag without dashes. */
  flag: string;
  /** Environment variable; always `MEMEVAL_*`. */
  env: `MEMEVAL_${string}`;
  describe: string;
  schema: S;
  /** Absent means "not set" (the runner then uses per-scenario values). */
  default?: z.output<S>;
  /** For an option without a default: a value the starter config shows, commented out. */
  example?: z.output<S>;
  /** yargs type, array, choices, alias — never `default`. */
  yargs: Omit<Options, 'default' | 'describe'>;
  /** Environment text to the value the schema checks. */
  fromText: (text: string) => unknown;
  /** A parsed flag to the value the schema checks. @default the flag value as is */
  fromFlag?: (value: unknown) => unknown;
  /** A config-file value naming files resolves against the config file's folder. */
  path?: boolean;
}

const decl = <S extends z.ZodType>(d: OptionDecl<S>) => d;

/** `a,b` → ['a','b'], trimmed, empties dropped. */
export function commaList(text: string): string[] {
  return text.split(',').map((v) => v.trim()).filter((v) => v !== '');
}
/** Flags may repeat and may be comma lists: `--model a,b --model c`. */
const flagList = (value: unknown) => (value as unknown[]).flatMap((v) => commaList(String(v)));
/** Text that is not a number (including '', which Number() makes 0) stays text, so the message shows what was given. */
const number = (text: string): unknown => (text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text));
const numbers = (values: string[]) => values.map(number);
const boolean = (text: string): unknown => ({ true: true, '1': true, false: false, '0': false })[text.trim().toLowerCase()] ?? text;
const text = (t: string) => t;

const name = z.string().trim().min(1);
const names = z.array(name);
const positiveInt = z.number().int().positive();
/**
 * A whole number in [min, max]. Every numeric option has an upper bound, so a typo such as
 * `--timeout-ms 3000000000` (past the 2^31−1 ms a Node timer holds) is a usage error naming the
 * flag, not a run that fails every call or cannot end.
 */
const intIn = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number(message).int(message).min(min, message).max(max, message);
};
const limitValue = z.number('must be a number ≥ 0').nonnegative('must be a number ≥ 0');

/** A `defineStrategy(...)` result, for configs written in code (`memeval.config.ts`, `runEval`). */
const StrategyDefinitionSchema = z.custom<StrategyDefinition>(isStrategyDefinition, 'expected a strategy definition (defineStrategy)');

/** A strategy: a spec string (`recency:scope=session`, a file path), an object with options, or (in code) a definition. */
export const StrategyEntrySchema = z.union([
  name,
  StrategyDefinitionSchema,
  z
    .object({
      name: z.union([name.describe('Built-in strategy name or path to a strategy file'), StrategyDefinitionSchema]),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);
export type StrategyEntry = z.output<typeof StrategyEntrySchema>;

/** Options of `memeval run` (and of `runEval`), keyed by their config-file key. */
export const RUN_OPTIONS = {
  strategies: decl({
    flag: 'strategy', env: 'MEMEVAL_STRATEGY', schema: z.array(StrategyEntrySchema).min(1), default: ['all'],
    describe: 'Strategy specs: name or name:key=value,… or a file path; comma-separated or repeated; all = every built-in',
    yargs: { type: 'string', array: true }, fromText: splitSpecList, fromFlag: (v) => (v as string[]).flatMap(splitSpecList), path: true,
  }),
  models: decl({
    flag: 'model', env: 'MEMEVAL_MODEL', schema: names.min(1), default: [OFFLINE_MODEL_ID],
    describe: 'Reader models: offline or Claude model ids, comma-separated',
    yargs: { type: 'string', array: true }, fromText: commaList, fromFlag: flagList,
  }),
  scenarios: decl({
    flag: 'scenario', env: 'MEMEVAL_SCENARIO', schema: names, example: ['same-session-recall', './scenarios/'],
    describe: 'Scenario ids, id globs, files or folders (unset: every built-in scenario, or none with datasets)',
    yargs: { type: 'string', array: true }, fromText: commaList, fromFlag: flagList, path: true,
  }),
  datasets: decl({
    flag: 'dataset', env: 'MEMEVAL_DATASET', schema: names, default: [],
    describe: 'Benchmarks to run: locomo:<path> or longmemeval:<path>; scored into metrics.csv per category',
    yargs: { type: 'string', array: true }, fromText: commaList, fromFlag: flagList, path: true,
  }),
  topK: decl({
    flag: 'top-k', env: 'MEMEVAL_TOP_K', schema: z.array(intIn(1, MAX_TOP_K)).min(1), example: [1, 5, 10],
    describe: 'k values for recall@k; one retrieval at the largest (unset with datasets: 1,3,5,10,30,50)',
    yargs: { type: 'string', array: true }, fromText: (t) => numbers(commaList(t)), fromFlag: (v) => numbers(flagList(v)),
  }),
  tags: decl({
    flag: 'tag', env: 'MEMEVAL_TAG', schema: names, default: [],
    describe: 'Only scenarios with one of these tags',
    yargs: { type: 'string', array: true }, fromText: commaList, fromFlag: flagList,
  }),
  limit: decl({
    flag: 'limit', env: 'MEMEVAL_LIMIT', schema: positiveInt, example: 5,
    describe: 'Only the first N scenarios (in id order)',
    yargs: { type: 'number' }, fromText: number,
  }),
  budgets: decl({
    flag: 'budget', env: 'MEMEVAL_BUDGET', schema: z.array(intIn(1, MAX_BUDGET_TOKENS)).min(1), example: [1000, 4000],
    describe: "Token budgets, comma-separated (unset: each scenario's own, else 4000)",
    yargs: { type: 'string', array: true }, fromText: (t) => numbers(commaList(t)), fromFlag: (v) => numbers(flagList(v)),
  }),
  embedder: decl({
    flag: 'embedder', env: 'MEMEVAL_EMBEDDER', schema: name, default: 'hash',
    describe: 'Embedder for semantic strategies (hash, or a neural one when installed)',
    yargs: { type: 'string' }, fromText: text,
  }),
  modelDir: decl({
    flag: 'model-dir', env: 'MEMEVAL_MODEL_DIR', schema: name, example: './models/all-MiniLM-L6-v2',
    describe: 'Folder with local embedding model files',
    yargs: { type: 'string' }, fromText: text, path: true,
  }),
  judge: decl({
    flag: 'judge', env: 'MEMEVAL_JUDGE', schema: name, default: AUTO_JUDGE,
    describe: "auto (each probe's expectation decides), contains, regex, f1, abstain, or claude:<model> (LLM judge)",
    yargs: { type: 'string' }, fromText: text,
  }),
  concurrency: decl({
    flag: 'j', env: 'MEMEVAL_CONCURRENCY', schema: intIn(1, MAX_CELL_CONCURRENCY), default: DEFAULT_CONCURRENCY,
    describe: 'Cells run concurrently',
    yargs: { type: 'number' }, fromText: number,
  }),
  outDir: decl({
    flag: 'out', env: 'MEMEVAL_OUT', schema: name.nullable(), default: DEFAULT_OUT_DIR,
    describe: 'Folder for run folders (null in a config file: write nothing)',
    yargs: { type: 'string' }, fromText: text, path: true,
  }),
  seed: decl({
    flag: 'seed', env: 'MEMEVAL_SEED', schema: z.number().int(), example: 42,
    describe: "Filler seed for every scenario (unset: each scenario's own)",
    yargs: { type: 'number' }, fromText: number,
  }),
  priceAs: decl({
    flag: 'price-as', env: 'MEMEVAL_PRICE_AS', schema: names, default: [],
    describe: 'Also price token counts as these Claude models (estimates, extra rows)',
    yargs: { type: 'string', array: true }, fromText: commaList, fromFlag: flagList,
  }),
  keepDb: decl({
    flag: 'keep-db', env: 'MEMEVAL_KEEP_DB', schema: z.boolean(), default: false,
    describe: "Keep each cell's SQLite file in <run>/db/",
    yargs: { type: 'boolean' }, fromText: boolean,
  }),
  shard: decl({
    flag: 'shard', env: 'MEMEVAL_SHARD', schema: z.string().regex(/^\s*\d+\s*\/\s*\d+\s*$/, 'expected k/n, e.g. 2/4'), example: '1/4',
    describe: 'Run only slice k of n of the cells (k/n), e.g. one per CI machine; join the slices with memeval merge',
    yargs: { type: 'string' }, fromText: text, fromFlag: String,
  }),
  summarizer: decl({
    flag: 'summarizer', env: 'MEMEVAL_SUMMARIZER', schema: name, default: OFFLINE_SUMMARIZER,
    describe: 'Summariser for strategies that summarise: offline or claude:<model>',
    yargs: { type: 'string' }, fromText: text,
  }),
  cache: decl({
    flag: 'cache', env: 'MEMEVAL_CACHE', schema: z.enum(CACHE_MODES), default: 'auto',
    describe: 'Record/replay of Claude calls: auto, record, replay (no key needed; a miss is an error), off',
    yargs: { type: 'string', choices: CACHE_MODES }, fromText: text,
  }),
  cacheDir: decl({
    flag: 'cache-dir', env: 'MEMEVAL_CACHE_DIR', schema: name, default: DEFAULT_CACHE_DIR,
    describe: 'Folder of recorded Claude calls (commit it for CI replay)',
    yargs: { type: 'string' }, fromText: text, path: true,
  }),
  maxRetries: decl({
    flag: 'max-retries', env: 'MEMEVAL_MAX_RETRIES', schema: intIn(0, MAX_RETRIES), default: DEFAULT_MAX_RETRIES,
    describe: 'Retries of 429/529/5xx/timeouts, with backoff',
    yargs: { type: 'number' }, fromText: number,
  }),
  timeoutMs: decl({
    flag: 'timeout-ms', env: 'MEMEVAL_TIMEOUT_MS', schema: intIn(1, MAX_TIMEOUT_MS), default: DEFAULT_TIMEOUT_MS,
    describe: 'Deadline of one attempt of a Claude call, reply body included',
    yargs: { type: 'number' }, fromText: number,
  }),
  promptCache: decl({
    flag: 'prompt-cache', env: 'MEMEVAL_PROMPT_CACHE', schema: z.boolean(), default: false,
    describe: 'Mark the system prompt and history for Anthropic prompt caching',
    yargs: { type: 'boolean' }, fromText: boolean,
  }),
  tokenCount: decl({
    flag: 'token-count', env: 'MEMEVAL_TOKEN_COUNT', schema: z.enum(TOKEN_COUNT_MODES), default: 'estimate',
    describe: "How stored messages are counted for budgets: estimate (4 characters per token) or exact (messages.countTokens of each Claude model, recorded like calls; not with offline)",
    yargs: { type: 'string', choices: TOKEN_COUNT_MODES }, fromText: text,
  }),
  maxCostUsd: decl({
    flag: 'max-cost-usd', env: 'MEMEVAL_MAX_COST_USD', schema: z.number(`must be a number from 0 to ${MAX_COST_USD}`).min(0, `must be a number from 0 to ${MAX_COST_USD}`).max(MAX_COST_USD, `must be a number from 0 to ${MAX_COST_USD}`), example: 5,
    describe: 'Refuse new Claude calls once this many dollars were spent (chat, judge and summariser together)',
    yargs: { type: 'number' }, fromText: number,
  }),
  claudeConcurrency: decl({
    flag: 'concurrency', env: 'MEMEVAL_CLAUDE_CONCURRENCY', schema: intIn(1, MAX_CLAUDE_CONCURRENCY), default: DEFAULT_CLAUDE_CONCURRENCY,
    describe: 'Concurrent calls per Claude model',
    yargs: { type: 'number' }, fromText: number,
  }),
} as const;

/**
 * Options of the CI gate (`memeval check`), under `gate:` in a config file. Drops are absolute,
 * increases relative; p95 stays unchecked unless set because timing varies between machines.
 */
export const GATE_OPTIONS = {
  baseline: decl({
    flag: 'baseline', env: 'MEMEVAL_BASELINE', schema: name, default: 'reports/baseline/summary.csv',
    describe: 'Baseline summary.csv that check compares with and `memeval baseline bless` writes',
    yargs: { type: 'string' }, fromText: text, path: true,
  }),
  current: decl({
    flag: 'current', env: 'MEMEVAL_CURRENT', schema: name, example: 'reports/run-0123456789ab',
    describe: 'Run folder to check (unset: the newest under the run folder, outDir)',
    yargs: { type: 'string' }, fromText: text, path: true,
  }),
  junit: decl({
    flag: 'junit', env: 'MEMEVAL_JUNIT', schema: name, example: 'reports/junit.xml',
    describe: 'Also write JUnit XML listing every probe of the current run to this file',
    yargs: { type: 'string' }, fromText: text, path: true,
  }),
  maxRecallDrop: decl({
    flag: 'max-recall-drop', env: 'MEMEVAL_MAX_RECALL_DROP', schema: limitValue, default: DEFAULT_THRESHOLDS.maxRecallDrop,
    describe: 'Largest allowed drop of evidence recall (absolute, 0.02 = 2 points)',
    yargs: { type: 'number' }, fromText: number,
  }),
  maxAccuracyDrop: decl({
    flag: 'max-accuracy-drop', env: 'MEMEVAL_MAX_ACCURACY_DROP', schema: limitValue, default: DEFAULT_THRESHOLDS.maxAccuracyDrop,
    describe: 'Largest allowed drop of accuracy (absolute)',
    yargs: { type: 'number' }, fromText: number,
  }),
  maxCostIncrease: decl({
    flag: 'max-cost-increase', env: 'MEMEVAL_MAX_COST_INCREASE', schema: limitValue, default: DEFAULT_THRESHOLDS.maxCostIncrease,
    describe: 'Largest allowed rise of cost per exchange (relative, 0.10 = +10%)',
    yargs: { type: 'number' }, fromText: number,
  }),
  maxP95Increase: decl({
    flag: 'max-p95-increase', env: 'MEMEVAL_MAX_P95_INCREASE', schema: limitValue, example: 0.5,
    describe: 'Largest allowed rise of total p95 latency (relative); unchecked unless set',
    yargs: { type: 'number' }, fromText: number,
  }),
  maxLeaks: decl({
    flag: 'max-leaks', env: 'MEMEVAL_MAX_LEAKS', schema: z.number().int().nonnegative(), default: DEFAULT_THRESHOLDS.maxLeaks,
    describe: 'Leaked probes a cell may add over its baseline',
    yargs: { type: 'number' }, fromText: number,
  }),
} as const;

export type OptionTable = Record<string, OptionDecl>;

/** The value type of each option of a table, after its schema. */
export type OptionValues<T extends OptionTable> = { [K in keyof T]: z.output<T[K]['schema']> };

/** yargs declarations for a table: type and description only, defaults shown in the help text. */
export function yargsOptions(table: OptionTable): Record<string, Options> {
  return Object.fromEntries(
    Object.values(table).map((o) => {
      const shown = o.default === undefined ? '' : ` [default: ${JSON.stringify(o.default)}]`;
      return [o.flag, { ...o.yargs, describe: `${o.describe} (env ${o.env})${shown}` }];
    }),
  );
}

/** How help and messages write a flag: `-j`, `--model`. */
export function flagName(o: OptionDecl): string {
  return o.flag.length === 1 ? `-${o.flag}` : `--${o.flag}`;
}

/** `-c/--config`: the config file, for every command that reads one. */
export const CONFIG_FLAG = {
  config: { alias: 'c', type: 'string', describe: 'Config file (default: memeval.config.{yaml,yml,ts,mts,js,mjs} in the working directory, or MEMEVAL_CONFIG)' },
} as const satisfies Record<string, Options>;
