/**
 * Every option of every command, each declared once (OptionDecl, option-decl.ts): RUN_OPTIONS
 * and GATE_OPTIONS are the config-file keys (top level and `gate:`), FLAG_OPTIONS the options
 * that are flags only, and COMMAND_OPTIONS picks each command's table from them. Defaults are
 * imported from the lowest module that uses them, never written here a second time.
 */
import { z } from 'zod';
import { DEFAULT_EMBEDDER } from '../embedders/registry.js';
import { AUTO_JUDGE } from '../judges/index.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MAX_TIMEOUT_MS } from '../models/anthropic.js';
import { CACHE_MODES, DEFAULT_CACHE_DIR, DEFAULT_CACHE_MODE } from '../models/cache/cached-model.js';
import { DEFAULT_MODEL_CONCURRENCY, MAX_MODEL_CONCURRENCY } from '../models/guarded.js';
import { MAX_COST_USD } from '../models/spend.js';
import { OFFLINE_MODEL_ID } from '../models/offline.js';
import { TOKEN_COUNT_MODES } from '../models/token-count.js';
import { DEFAULT_THRESHOLDS } from '../report/compare.js';
import { DEFAULT_FAIL_ON, FAIL_ON_RULES } from '../report/probe-gate.js';
import { DISPLAY_MODES } from '../report/progress.js';
import { OFFLINE_SUMMARIZER } from '../runner/models.js';
import { DEFAULT_CELL_CONCURRENCY, MAX_BUDGET_TOKENS, MAX_CELL_CONCURRENCY, MAX_TOP_K } from '../runner/plan.js';
import { DEFAULT_OUT_DIR } from '../runner/run.js';
import { DEFAULT_STRATEGY_TIMEOUT_MS, MAX_STRATEGY_TIMEOUT_MS } from '../runner/strategy-guard.js';
import { DEFAULT_BUDGET_TOKENS } from '../scenario/schema.js';
import { isStrategyDefinition, splitSpecList } from '../strategy/spec.js';
import type { StrategyDefinition } from '../strategy/types.js';
import {
  boolean,
  decl,
  flagList,
  nameSchema,
  namesSchema,
  nonNegativeSchema,
  number,
  numbers,
  intInSchema,
  positiveIntSchema,
  splitCommaList,
  text,
  type OptionTable,
} from './option-decl.js';

const name = nameSchema;
const names = namesSchema;
const limitValue = nonNegativeSchema;
/** The largest history bench builds: 10× its own biggest default, and still within memory. */
const MAX_BENCH_SIZE = 1_000_000;
/** Ten minutes per case and size is a long bench; more is a typo (and a timer past 2^31−1 ms overflows). */
const MAX_BENCH_TIME_MS = 600_000;
/** More items than any published benchmark file holds: a bigger --limit is a typo. */
const MAX_IMPORT_ITEMS = 1_000_000;
const BENCH_TIME_MESSAGE = `must be a number of ms from 1 to ${MAX_BENCH_TIME_MS}`;

/** A `defineStrategy(...)` result, for configs written in code (`memeval.config.ts`, `runEval`). */
const StrategyDefinitionSchema = z.custom<StrategyDefinition>(
  isStrategyDefinition,
  'expected a strategy definition (defineStrategy)',
);

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
    flag: 'strategy',
    env: 'MEMEVAL_STRATEGY',
    schema: z.array(StrategyEntrySchema).min(1),
    default: ['all'],
    describe:
      'Strategy specs: name or name:key=value,… or a file path; comma-separated or repeated; all = every built-in',
    yargs: { type: 'string', array: true },
    fromText: splitSpecList,
    fromFlag: (v) => (v as string[]).flatMap(splitSpecList),
    path: true,
  }),
  models: decl({
    flag: 'model',
    env: 'MEMEVAL_MODEL',
    schema: names.min(1),
    default: [OFFLINE_MODEL_ID],
    describe: 'Reader models: offline or Claude model ids, comma-separated',
    yargs: { type: 'string', array: true },
    fromText: splitCommaList,
    fromFlag: flagList,
  }),
  scenarios: decl({
    flag: 'scenario',
    env: 'MEMEVAL_SCENARIO',
    schema: names,
    example: ['same-session-recall', './scenarios/'],
    describe: 'Scenario ids, id globs, files or folders (unset: every built-in scenario, or none with datasets)',
    yargs: { type: 'string', array: true },
    fromText: splitCommaList,
    fromFlag: flagList,
    path: true,
  }),
  datasets: decl({
    flag: 'dataset',
    env: 'MEMEVAL_DATASET',
    schema: names,
    default: [],
    describe: 'Benchmarks to run: locomo:<path> or longmemeval:<path>; scored into metrics.csv per category',
    yargs: { type: 'string', array: true },
    fromText: splitCommaList,
    fromFlag: flagList,
    path: true,
  }),
  topK: decl({
    flag: 'top-k',
    env: 'MEMEVAL_TOP_K',
    schema: z.array(intInSchema(1, MAX_TOP_K)).min(1),
    example: [1, 5, 10],
    describe: 'k values for recall@k; one retrieval at the largest (unset with datasets: 1,3,5,10,30,50)',
    yargs: { type: 'string', array: true },
    fromText: (t) => numbers(splitCommaList(t)),
    fromFlag: (v) => numbers(flagList(v)),
  }),
  tags: decl({
    flag: 'tag',
    env: 'MEMEVAL_TAG',
    schema: names,
    default: [],
    describe: 'Only scenarios with one of these tags',
    yargs: { type: 'string', array: true },
    fromText: splitCommaList,
    fromFlag: flagList,
  }),
  limit: decl({
    flag: 'limit',
    env: 'MEMEVAL_LIMIT',
    schema: positiveIntSchema,
    example: 5,
    describe: 'Only the first N scenarios (in id order)',
    yargs: { type: 'number' },
    fromText: number,
  }),
  budgets: decl({
    flag: 'budget',
    env: 'MEMEVAL_BUDGET',
    schema: z.array(intInSchema(1, MAX_BUDGET_TOKENS)).min(1),
    example: [1000, 4000],
    describe: `Token budgets, comma-separated (unset: each scenario's own, else ${DEFAULT_BUDGET_TOKENS})`,
    yargs: { type: 'string', array: true },
    fromText: (t) => numbers(splitCommaList(t)),
    fromFlag: (v) => numbers(flagList(v)),
  }),
  embedder: decl({
    flag: 'embedder',
    env: 'MEMEVAL_EMBEDDER',
    schema: name,
    default: DEFAULT_EMBEDDER,
    describe: 'Embedder for semantic strategies (hash, or a neural one when installed)',
    yargs: { type: 'string' },
    fromText: text,
  }),
  modelDir: decl({
    flag: 'model-dir',
    env: 'MEMEVAL_MODEL_DIR',
    schema: name,
    example: './models/all-MiniLM-L6-v2',
    describe: 'Folder with local embedding model files',
    yargs: { type: 'string' },
    fromText: text,
    path: true,
  }),
  judge: decl({
    flag: 'judge',
    env: 'MEMEVAL_JUDGE',
    schema: name,
    default: AUTO_JUDGE,
    describe: "auto (each probe's expectation decides), contains, regex, f1, abstain, or claude:<model> (LLM judge)",
    yargs: { type: 'string' },
    fromText: text,
  }),
  concurrency: decl({
    flag: 'j',
    env: 'MEMEVAL_CONCURRENCY',
    schema: intInSchema(1, MAX_CELL_CONCURRENCY),
    default: DEFAULT_CELL_CONCURRENCY,
    describe: 'Cells run concurrently',
    yargs: { type: 'number' },
    fromText: number,
  }),
  strategyTimeoutMs: decl({
    flag: 'strategy-timeout-ms',
    env: 'MEMEVAL_STRATEGY_TIMEOUT_MS',
    schema: positiveIntSchema.max(MAX_STRATEGY_TIMEOUT_MS),
    default: DEFAULT_STRATEGY_TIMEOUT_MS,
    describe:
      'Longest one strategy call (building a context, or its save hook) may take; past it the probe is an error row',
    yargs: { type: 'number' },
    fromText: number,
  }),
  outDir: decl({
    flag: 'out',
    env: 'MEMEVAL_OUT',
    schema: name.nullable(),
    default: DEFAULT_OUT_DIR,
    describe: 'Folder for run folders (null in a config file: write nothing)',
    yargs: { type: 'string' },
    fromText: text,
    path: true,
  }),
  seed: decl({
    flag: 'seed',
    env: 'MEMEVAL_SEED',
    schema: z.number().int(),
    example: 42,
    describe: "Filler seed for every scenario (unset: each scenario's own)",
    yargs: { type: 'number' },
    fromText: number,
  }),
  priceAs: decl({
    flag: 'price-as',
    env: 'MEMEVAL_PRICE_AS',
    schema: names,
    default: [],
    describe: 'Also price token counts as these Claude models (estimates, extra rows)',
    yargs: { type: 'string', array: true },
    fromText: splitCommaList,
    fromFlag: flagList,
  }),
  keepDb: decl({
    flag: 'keep-db',
    env: 'MEMEVAL_KEEP_DB',
    schema: z.boolean(),
    default: false,
    describe: "Keep each cell's SQLite file in <run>/db/",
    yargs: { type: 'boolean' },
    fromText: boolean,
  }),
  shard: decl({
    flag: 'shard',
    env: 'MEMEVAL_SHARD',
    schema: z.string().regex(/^\s*(\d+\s*\/\s*\d+|auto|none)\s*$/, 'expected k/n (e.g. 2/4), auto or none'),
    example: '1/4',
    describe:
      'Run only slice k of n of the cells (k/n), e.g. one per CI machine; join the slices with memeval merge. auto: from the scheduler (Kubernetes Indexed Job, SLURM array, CI matrix; read when unset too, see docs/ci.md); none: never',
    yargs: { type: 'string' },
    fromText: text,
    fromFlag: String,
  }),
  summarizer: decl({
    flag: 'summarizer',
    env: 'MEMEVAL_SUMMARIZER',
    schema: name,
    default: OFFLINE_SUMMARIZER,
    describe: 'Summariser for strategies that summarise: offline or claude:<model>',
    yargs: { type: 'string' },
    fromText: text,
  }),
  cache: decl({
    flag: 'cache',
    env: 'MEMEVAL_CACHE',
    schema: z.enum(CACHE_MODES),
    default: DEFAULT_CACHE_MODE,
    describe: 'Record/replay of Claude calls: auto, record, replay (no key needed; a miss is an error), off',
    yargs: { type: 'string' },
    fromText: text,
  }),
  cacheDir: decl({
    flag: 'cache-dir',
    env: 'MEMEVAL_CACHE_DIR',
    schema: name,
    default: DEFAULT_CACHE_DIR,
    describe: 'Folder of recorded Claude calls (commit it for CI replay)',
    yargs: { type: 'string' },
    fromText: text,
    path: true,
  }),
  maxRetries: decl({
    flag: 'max-retries',
    env: 'MEMEVAL_MAX_RETRIES',
    schema: intInSchema(0, MAX_RETRIES),
    default: DEFAULT_MAX_RETRIES,
    describe: 'Retries of 429/529/5xx/timeouts, with backoff',
    yargs: { type: 'number' },
    fromText: number,
  }),
  timeoutMs: decl({
    flag: 'timeout-ms',
    env: 'MEMEVAL_TIMEOUT_MS',
    schema: intInSchema(1, MAX_TIMEOUT_MS),
    default: DEFAULT_TIMEOUT_MS,
    describe: 'Deadline of one attempt of a Claude call, reply body included',
    yargs: { type: 'number' },
    fromText: number,
  }),
  promptCache: decl({
    flag: 'prompt-cache',
    env: 'MEMEVAL_PROMPT_CACHE',
    schema: z.boolean(),
    default: false,
    describe: 'Mark the system prompt and history for Anthropic prompt caching',
    yargs: { type: 'boolean' },
    fromText: boolean,
  }),
  tokenCount: decl({
    flag: 'token-count',
    env: 'MEMEVAL_TOKEN_COUNT',
    schema: z.enum(TOKEN_COUNT_MODES),
    default: 'estimate',
    describe:
      'How stored messages are counted for budgets: estimate (4 characters per token) or exact (messages.countTokens of each Claude model, recorded like calls; not with offline)',
    yargs: { type: 'string' },
    fromText: text,
  }),
  maxCostUsd: decl({
    flag: 'max-cost-usd',
    env: 'MEMEVAL_MAX_COST_USD',
    schema: z
      .number(`must be a number from 0 to ${MAX_COST_USD}`)
      .min(0, `must be a number from 0 to ${MAX_COST_USD}`)
      .max(MAX_COST_USD, `must be a number from 0 to ${MAX_COST_USD}`),
    example: 5,
    describe: 'Refuse new Claude calls once this many dollars were spent (chat, judge and summariser together)',
    yargs: { type: 'number' },
    fromText: number,
  }),
  claudeConcurrency: decl({
    flag: 'concurrency',
    env: 'MEMEVAL_CLAUDE_CONCURRENCY',
    schema: intInSchema(1, MAX_MODEL_CONCURRENCY),
    default: DEFAULT_MODEL_CONCURRENCY,
    describe: 'Concurrent calls per Claude model',
    yargs: { type: 'number' },
    fromText: number,
  }),
} as const;

/**
 * Options of the CI gate (`memeval check`), under `gate:` in a config file. Drops are absolute,
 * increases relative; p95 stays unchecked unless set because timing varies between machines.
 */
export const GATE_OPTIONS = {
  baseline: decl({
    flag: 'baseline',
    env: 'MEMEVAL_BASELINE',
    schema: name,
    default: 'reports/baseline/summary.csv',
    describe: 'Baseline summary.csv that check compares with and `memeval baseline bless` writes',
    yargs: { type: 'string' },
    fromText: text,
    path: true,
  }),
  current: decl({
    flag: 'current',
    env: 'MEMEVAL_CURRENT',
    schema: name,
    example: 'reports/run-0123456789ab',
    describe: 'Run folder to check (unset: the newest under the run folder, outDir)',
    yargs: { type: 'string' },
    fromText: text,
    path: true,
  }),
  junit: decl({
    flag: 'junit',
    env: 'MEMEVAL_JUNIT',
    schema: name,
    example: 'reports/junit.xml',
    describe: 'Also write JUnit XML listing every probe of the current run to this file',
    yargs: { type: 'string' },
    fromText: text,
    path: true,
  }),
  maxRecallDrop: decl({
    flag: 'max-recall-drop',
    env: 'MEMEVAL_MAX_RECALL_DROP',
    schema: limitValue,
    default: DEFAULT_THRESHOLDS.maxRecallDrop,
    describe: 'Largest allowed drop of evidence recall (absolute, 0.02 = 2 points)',
    yargs: { type: 'number' },
    fromText: number,
  }),
  maxAccuracyDrop: decl({
    flag: 'max-accuracy-drop',
    env: 'MEMEVAL_MAX_ACCURACY_DROP',
    schema: limitValue,
    default: DEFAULT_THRESHOLDS.maxAccuracyDrop,
    describe: 'Largest allowed drop of accuracy (absolute)',
    yargs: { type: 'number' },
    fromText: number,
  }),
  maxCostIncrease: decl({
    flag: 'max-cost-increase',
    env: 'MEMEVAL_MAX_COST_INCREASE',
    schema: limitValue,
    default: DEFAULT_THRESHOLDS.maxCostIncrease,
    describe: 'Largest allowed rise of cost per exchange (relative, 0.10 = +10%)',
    yargs: { type: 'number' },
    fromText: number,
  }),
  maxP95Increase: decl({
    flag: 'max-p95-increase',
    env: 'MEMEVAL_MAX_P95_INCREASE',
    schema: limitValue,
    example: 0.5,
    describe: 'Largest allowed rise of total p95 latency (relative); unchecked unless set',
    yargs: { type: 'number' },
    fromText: number,
  }),
  failOn: decl({
    flag: 'fail-on',
    env: 'MEMEVAL_FAIL_ON',
    schema: z.enum(FAIL_ON_RULES),
    default: DEFAULT_FAIL_ON,
    describe:
      'Per-probe rule, with probes.csv beside the baseline: any-drop (any newly failing probe fails its cell; deterministic offline or replayed runs have no noise) or significant (exact McNemar test at 0.05 replaces the accuracy limit, for live Claude runs)',
    yargs: { type: 'string' },
    fromText: text,
  }),
  maxLeaks: decl({
    flag: 'max-leaks',
    env: 'MEMEVAL_MAX_LEAKS',
    schema: z.number().int().nonnegative(),
    default: DEFAULT_THRESHOLDS.maxLeaks,
    describe: 'Leaked probes a cell may add over its baseline',
    yargs: { type: 'number' },
    fromText: number,
  }),
} as const;

/**
 * Options that are flags only: what a command needs that is neither part of an evaluation's
 * config nor a CI threshold (who is chatting, where the database is, how bench measures).
 */
export const FLAG_OPTIONS = {
  configFile: decl({
    flag: 'config',
    env: 'MEMEVAL_CONFIG',
    schema: name,
    describe: 'Config file (unset: memeval.config.{yaml,yml,ts,mts,js,mjs} in the working directory)',
    yargs: { type: 'string', alias: 'c' },
  }),
  // Connection detail, not an evaluation setting: the Anthropic SDK also reads ANTHROPIC_BASE_URL itself.
  baseUrl: decl({
    flag: 'base-url',
    schema: name,
    describe: 'Messages API base URL (or ANTHROPIC_BASE_URL); the key comes from ANTHROPIC_API_KEY',
    yargs: { type: 'string' },
  }),
  display: decl({
    flag: 'display',
    env: 'MEMEVAL_DISPLAY',
    schema: z.enum(DISPLAY_MODES),
    default: 'auto',
    describe:
      'Progress on stderr: bar (redrawn line), plain (a line per finished cell; about every 5% past 100 cells), none, or auto (bar on a terminal outside CI, else plain)',
    yargs: { type: 'string' },
  }),
  resume: decl({
    flag: 'resume',
    schema: name,
    describe:
      'Finish an interrupted run: give its run folder; its own saved inputs are used (other input flags are ignored)',
    yargs: { type: 'string' },
  }),
  checkStrategies: decl({
    flag: 'strategy',
    schema: names,
    describe:
      'Compare only the cells of these strategies (labels as in summary.csv, comma-separated; unset: every cell), e.g. after memeval run --strategy semantic',
    yargs: { type: 'string', array: true },
  }),
  checkModels: decl({
    flag: 'model',
    schema: names,
    describe: 'Compare only the cells of these models (comma-separated; unset: every cell)',
    yargs: { type: 'string', array: true },
  }),
  reportsDir: decl({
    flag: 'reports',
    schema: name,
    describe: "Folder of run folders, whose newest is the default run (unset: the run options' outDir)",
    yargs: { type: 'string' },
  }),
  blessFrom: decl({
    flag: 'from',
    schema: name,
    describe: 'Run folder to bless (unset: the newest under --reports)',
    yargs: { type: 'string' },
  }),
  // Unset, bless writes where check reads (--baseline, MEMEVAL_BASELINE, gate.baseline, default).
  blessTo: decl({
    flag: 'to',
    schema: name,
    describe: `Baseline file to write (unset: check's baseline, ${GATE_OPTIONS.baseline.default})`,
    yargs: { type: 'string' },
  }),
  importOut: decl({
    flag: 'out',
    schema: name,
    describe: 'Folder for the scenario files',
    yargs: { type: 'string', demandOption: true },
  }),
  importLimit: decl({
    flag: 'limit',
    schema: intInSchema(1, MAX_IMPORT_ITEMS),
    describe: 'Convert only the first N items',
    yargs: { type: 'number' },
  }),
  mergeOut: decl({
    flag: 'out',
    schema: name,
    describe: 'Folder to write the merged run into',
    yargs: { type: 'string', demandOption: true },
  }),
  initForce: decl({
    flag: 'force',
    schema: z.boolean(),
    default: false,
    describe: 'Overwrite existing files',
    yargs: { type: 'boolean' },
  }),
  user: decl({
    flag: 'user',
    schema: name,
    describe: 'User id',
    yargs: { type: 'string', demandOption: true },
  }),
  session: decl({
    flag: 'session',
    schema: name,
    describe: 'Session id',
    yargs: { type: 'string', demandOption: true },
  }),
  // One strategy, model and budget: a chat is one conversation, not a matrix.
  strategy: decl({
    flag: 'strategy',
    schema: name,
    default: 'recency',
    describe: 'Memory strategy: a built-in name or a path to a strategy file',
    yargs: { type: 'string' },
  }),
  model: decl({
    flag: 'model',
    schema: name,
    default: OFFLINE_MODEL_ID,
    describe: 'Reader model: offline or a Claude model id',
    yargs: { type: 'string' },
  }),
  budgetTokens: decl({
    flag: 'budget',
    schema: intInSchema(1, MAX_BUDGET_TOKENS),
    default: DEFAULT_BUDGET_TOKENS,
    describe: 'Token budget for the memory context',
    yargs: { type: 'number' },
  }),
  dbFile: decl({
    flag: 'db',
    schema: name,
    default: '.memeval/memory.db',
    describe: 'SQLite database file',
    yargs: { type: 'string' },
  }),
  benchCases: decl({
    flag: 'only',
    schema: names,
    describe: 'Cases to run, comma-separated (unset: all)',
    yargs: { type: 'string', array: true },
    fromFlag: flagList,
  }),
  benchSizes: decl({
    flag: 'n',
    schema: z.array(intInSchema(2, MAX_BENCH_SIZE)).min(1),
    describe:
      'History sizes in messages, comma-separated; 10k reads as 10000 (unset: the standard sizes of docs/bench.md)',
    // 10k and 100k read as written in the docs.
    yargs: { type: 'string', array: true },
    fromFlag: (v) => numbers(flagList(v).map((s) => s.replace(/k$/i, '000'))),
  }),
  benchTimeMs: decl({
    flag: 'time',
    schema: z.number(BENCH_TIME_MESSAGE).positive(BENCH_TIME_MESSAGE).max(MAX_BENCH_TIME_MS, BENCH_TIME_MESSAGE),
    default: 1000,
    describe: 'Minimum measuring time per case and size, ms',
    yargs: { type: 'number' },
  }),
  benchOutDir: decl({
    flag: 'out',
    schema: name,
    default: DEFAULT_OUT_DIR,
    describe: 'Folder for bench-<time>.csv and .json',
    yargs: { type: 'string' },
  }),
} as const;

/**
 * Every option of every command, picked from the declarations above (never re-declared): the
 * yargs options, the help text and docs/config.md come from these tables; the config file's
 * schema from RUN_OPTIONS and GATE_OPTIONS.
 */
export const COMMAND_OPTIONS = {
  run: {
    configFile: FLAG_OPTIONS.configFile,
    ...RUN_OPTIONS,
    baseUrl: FLAG_OPTIONS.baseUrl,
    resume: FLAG_OPTIONS.resume,
    display: FLAG_OPTIONS.display,
  },
  check: {
    configFile: FLAG_OPTIONS.configFile,
    ...GATE_OPTIONS,
    reportsDir: FLAG_OPTIONS.reportsDir,
    checkStrategies: FLAG_OPTIONS.checkStrategies,
    checkModels: FLAG_OPTIONS.checkModels,
  },
  baseline: {
    configFile: FLAG_OPTIONS.configFile,
    blessFrom: FLAG_OPTIONS.blessFrom,
    blessTo: FLAG_OPTIONS.blessTo,
    reportsDir: FLAG_OPTIONS.reportsDir,
  },
  import: { importOut: FLAG_OPTIONS.importOut, importLimit: FLAG_OPTIONS.importLimit },
  merge: { mergeOut: FLAG_OPTIONS.mergeOut },
  init: { initForce: FLAG_OPTIONS.initForce },
  // The same filter as run's: `scenarios list --tag x` lists what `run --tag x` would run.
  scenarios: { tags: RUN_OPTIONS.tags },
  chat: {
    user: FLAG_OPTIONS.user,
    session: FLAG_OPTIONS.session,
    strategy: FLAG_OPTIONS.strategy,
    model: FLAG_OPTIONS.model,
    budgetTokens: FLAG_OPTIONS.budgetTokens,
    embedder: RUN_OPTIONS.embedder,
    modelDir: RUN_OPTIONS.modelDir,
    dbFile: FLAG_OPTIONS.dbFile,
    // The provider's flags; chat never records or replays, and one person spends at their own pace.
    baseUrl: FLAG_OPTIONS.baseUrl,
    maxRetries: RUN_OPTIONS.maxRetries,
    timeoutMs: RUN_OPTIONS.timeoutMs,
    promptCache: RUN_OPTIONS.promptCache,
    tokenCount: RUN_OPTIONS.tokenCount,
    strategyTimeoutMs: RUN_OPTIONS.strategyTimeoutMs,
  },
  bench: {
    benchCases: FLAG_OPTIONS.benchCases,
    benchSizes: FLAG_OPTIONS.benchSizes,
    benchTimeMs: FLAG_OPTIONS.benchTimeMs,
    benchOutDir: FLAG_OPTIONS.benchOutDir,
  },
} as const satisfies Record<string, OptionTable>;
