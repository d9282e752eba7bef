import { MemevalError } from '../errors.js';
import { AUTO_JUDGE, JUDGES, resolveJudge } from '../judges/index.js';
import type { Judge } from '../judges/types.js';
import { findPrice, type PriceRow } from '../models/pricing.js';
import { exactTokenCounter, TOKEN_COUNT_MODES, type TokenCountMode } from '../models/token-count.js';
import type { ChatModel } from '../models/types.js';
import { loadScenarios, type LoadedScenario } from '../scenario/load.js';
import { buildDeps } from '../strategy/deps.js';
import type { ResolvedStrategy, StrategyInput } from '../strategy/spec.js';
import { resolveStrategySpecs } from '../../strategies/lookup.js';
import type { StrategyDeps } from '../strategy/types.js';
import type { Provenance } from './provenance.js';
import { MAX_BUDGET_TOKENS } from '../strategy/types.js';
import type { CellIdentity, CellSpec } from './cell.js';
import { selectShard, type Shard } from './shard.js';
import { ModelSetup, type ClaudeRunOptions } from './models.js';
import { buildTimeline, type TimelineEvent } from './timeline.js';
import { scanDatasets, type DatasetItemRef, type DatasetSource } from './datasets.js';
import { DEFAULT_STRATEGY_TIMEOUT_MS, MAX_STRATEGY_TIMEOUT_MS } from './strategy-guard.js';
import { LONGMEMEVAL_KS } from '../metrics/retrieval.js';
import { DEFAULT_BUDGET_TOKENS, type Scenario } from '../scenario/schema.js';
import { gitState, readPackageJson } from '../report/manifest.js';
import { requirePositiveInt } from '../util/checks.js';
import { RunIdHash, type CodeIdentity } from './run-id.js';

/** Cells in flight when nothing says otherwise (`-j`); calls per Claude model are DEFAULT_MODEL_CONCURRENCY. */
export const DEFAULT_CELL_CONCURRENCY = 2;
export { MAX_BUDGET_TOKENS };
/** Cells in flight at once; each holds a SQLite file and a strategy, and the machine has only so many cores. */
export const MAX_CELL_CONCURRENCY = 256;
/** recall@k past this is not a retrieval measure (and one retrieval at the largest k is made per probe). */
export const MAX_TOP_K = 10_000;

/** What `runMatrix` takes (`runEval` resolves a config into it). Every field is optional; defaults are those of `memeval run`. */
export interface RunOptions {
  /**
   * Strategy specs (`name` or `name:key=value,…`, or a path) or `{ name, options }` objects;
   * `all` is every registered strategy. @default ['all']
   */
  strategies?: StrategyInput[];
  /** Reader model ids. @default ['offline'] */
  models?: string[];
  /** Scenario ids, id globs, files or folders. @default every built-in scenario */
  scenarios?: string[];
  /**
   * Benchmarks to run, `locomo:<path>` or `longmemeval:<path>`: each conversation or question
   * becomes a scenario, scored by the dataset's own metrics into metrics.csv.
   */
  datasets?: string[];
  /** k values of the recall@k sweep; one retrieval at the largest serves all. @default [1, 3, 5, 10, 30, 50] with datasets */
  topK?: number[];
  /** Keep scenarios with any of these tags. */
  tags?: string[];
  /** Run only the first N scenarios (in id order). */
  limit?: number;
  /** Token budgets. @default each scenario's own `budgets`, else [4000] */
  budgets?: number[];
  /** Embedder for strategies that embed. @default DEFAULT_EMBEDDER (hash) */
  embedder?: string;
  /** Folder with local embedding model files. */
  modelDir?: string;
  /** Judge for every probe it can judge; `auto` lets each probe's expectation decide. @default 'auto' */
  judge?: string;
  /** Cells in flight at once. @default 2 */
  concurrency?: number;
  /** Longest one strategy call may take; past it the probe is an error row. @default DEFAULT_STRATEGY_TIMEOUT_MS */
  strategyTimeoutMs?: number;
  /** Folder the run folder goes in; null writes nothing. @default 'reports' */
  outDir?: string | null;
  /** Filler seed for every scenario. @default each scenario's own seed */
  seed?: number;
  /** Also price token counts as if sent to these models (estimates, extra rows). */
  priceAs?: string[];
  /** Keep each cell's SQLite file (copied to `<run dir>/db/`). @default false */
  keepDb?: boolean;
  /** Continue the interrupted run with this id in `outDir`, skipping the cells its journal holds (see resumeOptions). */
  resume?: string;
  /** Notices (embedder chosen, warnings). @default stderr */
  log?: (message: string) => void;
  /** Run only slice k of n of the cells (`--shard k/n`); `memeval merge` joins the slices. */
  shard?: Shard;
  /** Called once the run is planned and its folder prepared, before any cell runs. */
  onStart?: (start: { runId: string; runDir: string | null; cells: number }) => void;
  /** Called after each cell finishes. */
  onProgress?: (progress: { done: number; total: number; cell: CellSpec }) => void;
  /** Builds reader models by id, without cache or limits; a seam for tests and the library. @default the model stack */
  createModel?: (id: string) => ChatModel;
  /** Claude calls: key/base URL/retries/timeout/prompt caching, record/replay cache, spend cap, per-model concurrency. */
  claude?: ClaudeRunOptions;
  /** Summariser for strategies that summarise: `offline` or `claude:<model>`. @default 'offline' */
  summarizer?: string;
  /**
   * How stored messages are counted for budgets: `estimate` (4 characters per token) or `exact`
   * (`messages.countTokens` of each cell's Claude model; the offline reader is refused). @default 'estimate'
   */
  tokenCount?: TokenCountMode;
  /** How each option was resolved (flag, env, config file, default); written to run.json as is. */
  provenance?: Provenance;
}

/**
 * A scenario of the plan. A scenario file's is held with its timeline (they are small); a
 * benchmark item's is only pointed at, and read again from its file when its cells run.
 */
export type PlannedScenario = { id: string; file: string; budgets?: number[] } & (
  | { loaded: { scenario: Scenario; timeline: TimelineEvent[] } }
  | { item: DatasetItemRef }
);

/** A cell of the plan: which scenario, strategy, model and budget, without the scenario's text. */
export interface PlannedCell extends CellIdentity {
  scenario: PlannedScenario;
}

/** Everything a run needs, validated: a plan exists only if every input was good. */
export interface RunPlan {
  /**
   * A hash of everything that decides the results (code commit, scenarios as parsed, strategies
   * and options, models, budgets, embedder, judge, seed, prices, exact token counting), so two
   * runs of the same inputs write byte-identical results.csv, run_id included, apart from the
   * timing columns. The same inputs therefore reuse the same run folder; its files are replaced.
   */
  runId: string;
  scenarios: PlannedScenario[];
  strategies: ResolvedStrategy[];
  models: ChatModel[];
  /** Budgets given on the command line, or null to use each scenario's own. */
  budgets: number[] | null;
  judge: Judge | undefined;
  judgeName: string;
  /** Ledger, model stacks, LLM judge and summariser; run.json describes it after the run. */
  modelSetup: ModelSetup;
  priceAs: PriceRow[];
  deps: StrategyDeps;
  concurrency: number;
  seed: number | undefined;
  /** The cells this process runs: the whole matrix, or the shard's slice (indexes stay those of the whole matrix). */
  cells: PlannedCell[];
  /** Set under --shard: which slice, and how many cells the whole matrix has. */
  shard: (Shard & { totalCells: number }) | null;
  /** Benchmark files read for `datasets` (their items are read again as their cells run). */
  datasets: DatasetSource[];
  /** k values for recall@k (empty when there is no dataset and no `topK`). */
  topK: number[];
  tokenCount: TokenCountMode;
  strategyTimeoutMs: number;
}

function nonEmpty<T extends StrategyInput>(flag: string, values: readonly T[]): T[] {
  const out = values.map((v) => (typeof v === 'string' ? (v.trim() as T) : v)).filter((v) => v !== '');
  if (out.length === 0) throw new MemevalError('USAGE', `--${flag}: give at least one value`);
  return out;
}

/**
 * Validates every input — scenarios, benchmark files (streamed once, nothing kept but ids),
 * strategies and their options, models, budgets, judge, prices, embedder — lays out the matrix
 * (scenario × strategy × model × budget, in that order) and computes the run id (`code` heads
 * it). Throws a MemevalError (exit 2) on the first bad input, before anything is written.
 */
export async function planRun(options: RunOptions, code: CodeIdentity = currentCode()): Promise<RunPlan> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const concurrency = requirePositiveInt('-j', options.concurrency ?? DEFAULT_CELL_CONCURRENCY, MAX_CELL_CONCURRENCY);
  const strategyTimeoutMs = requirePositiveInt(
    '--strategy-timeout-ms',
    options.strategyTimeoutMs ?? DEFAULT_STRATEGY_TIMEOUT_MS,
  );
  if (strategyTimeoutMs > MAX_STRATEGY_TIMEOUT_MS)
    throw new MemevalError(
      'USAGE',
      `--strategy-timeout-ms must be at most ${MAX_STRATEGY_TIMEOUT_MS} (got ${strategyTimeoutMs})`,
    );
  // A value given twice would run the same cell twice and write its summary row twice: each is
  // kept once, first occurrence first, and what was dropped is said in one line.
  const repeats = new RepeatLog();
  const budgets =
    options.budgets === undefined
      ? null
      : repeats.unique(
          '--budget',
          options.budgets.map((b) => requirePositiveInt('--budget', b, MAX_BUDGET_TOKENS)),
          String,
        );
  if (budgets !== null && budgets.length === 0) throw new MemevalError('USAGE', '--budget: give at least one value');
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new MemevalError('USAGE', `--seed must be a whole number (got ${options.seed})`);

  const datasetSpecs = repeats.unique('--dataset', options.datasets ?? [], (d) => d.trim());
  const topK = [
    ...new Set(
      (options.topK ?? (datasetSpecs.length > 0 ? [...LONGMEMEVAL_KS] : [])).map((k) =>
        requirePositiveInt('--top-k', k, MAX_TOP_K),
      ),
    ),
  ].sort((a, b) => a - b);
  const rankDepth = topK.length > 0 ? topK[topK.length - 1] : undefined;
  const limit = options.limit === undefined ? Infinity : requirePositiveInt('--limit', options.limit);
  // Scenarios are hashed into the run id as they are planned, benchmark items as they stream past.
  const runIdHash = new RunIdHash(code);
  const scenarios: PlannedScenario[] = [];
  // With --dataset and no --scenario, only the benchmark runs (not the built-in suite as well).
  const fromFiles =
    options.scenarios !== undefined || datasetSpecs.length === 0
      ? loadScenarios(options.scenarios ?? [], { tags: options.tags })
      : [];
  for (const { file, scenario } of fromFiles.slice(0, limit)) {
    checkProbeJudges(file, scenario.steps);
    runIdHash.add(scenario);
    scenarios.push({
      id: scenario.id,
      file,
      budgets: scenario.budgets,
      loaded: { scenario, timeline: buildTimeline(scenario, options.seed) },
    });
  }

  const strategies = await resolveStrategySpecs(nonEmpty('strategy', options.strategies ?? ['all']), (dropped, kept) =>
    repeats.add(
      '--strategy',
      dropped.spec === kept.spec ? dropped.spec : `${dropped.spec} (same as ${kept.spec}: ${kept.label})`,
    ),
  );
  const modelIds = repeats.unique('--model', nonEmpty('model', options.models ?? ['offline']), String);
  repeats.report(log);
  const judgeName = options.judge?.trim() || AUTO_JUDGE;
  // Throws MISSING_API_KEY for a Claude model without a key (outside --cache replay): nothing has run or been written.
  const modelSetup = new ModelSetup({
    modelIds,
    judgeName,
    summarizer: options.summarizer,
    claude: options.claude,
    log,
    createModel: options.createModel,
  });
  const { models } = modelSetup;
  const tokenCount = options.tokenCount ?? 'estimate';
  if (!TOKEN_COUNT_MODES.includes(tokenCount))
    throw new MemevalError(
      'USAGE',
      `--token-count must be one of ${TOKEN_COUNT_MODES.join(', ')} (got ${String(tokenCount)})`,
    );
  // Throws USAGE for a model without a tokenizer (offline): before anything runs or is written.
  if (tokenCount === 'exact') for (const m of models) exactTokenCounter(m);
  const judge = judgeName === AUTO_JUDGE ? undefined : (modelSetup.judge ?? resolveJudge(judgeName));

  const priceAs = [...new Set(options.priceAs ?? [])].map((id) => {
    const price = findPrice(id);
    if (!price)
      throw new MemevalError('UNKNOWN_NAME', `--price-as ${id}: not in the pricing file (src/models/pricing.json)`);
    return price;
  });

  const tagged = (s: Scenario) => !options.tags?.length || s.tags.some((t) => options.tags!.includes(t));
  const datasets = await scanDatasets(datasetSpecs, ({ scenario }, ref, { file }) => {
    if (!tagged(scenario) || scenarios.length >= limit) return;
    checkProbeJudges(file, scenario.steps);
    runIdHash.add(scenario);
    scenarios.push({ id: scenario.id, file, budgets: scenario.budgets, item: ref });
  });

  const deps = await buildDeps({
    embedder: options.embedder,
    modelDir: options.modelDir,
    summarizer: modelSetup.summarizer,
    tokenCount,
    log,
  });

  const cells: PlannedCell[] = [];
  for (const scenario of scenarios) {
    for (const strategy of strategies) {
      for (const model of models) {
        for (const budgetTokens of budgets ?? scenario.budgets ?? [DEFAULT_BUDGET_TOKENS]) {
          cells.push({ index: cells.length, scenario, file: scenario.file, strategy, model, budgetTokens, rankDepth });
        }
      }
    }
  }
  const shard = options.shard ? { ...options.shard, totalCells: cells.length } : null;
  const mine = options.shard ? selectShard(cells, options.shard, shardKey) : cells;
  const runId = runIdHash.finish({
    strategies: strategies.map((s) => [s.label, s.resolvedOptions]),
    models: models.map((m) => m.id),
    budgets,
    embedder: deps.embedder.id,
    judge: judgeName,
    seed: options.seed ?? null,
    priceAs: priceAs.map((p) => p.id),
    topK,
    // Only when exact: estimate runs keep the ids they always had.
    ...(tokenCount === 'exact' ? { tokenCount } : {}),
    ...(modelSetup.runIdBasis() ? { claude: modelSetup.runIdBasis() } : {}),
  });
  return {
    runId,
    scenarios,
    strategies,
    models,
    budgets,
    judge,
    judgeName,
    modelSetup,
    priceAs,
    deps,
    concurrency,
    seed: options.seed,
    cells: mine,
    shard,
    datasets,
    topK,
    tokenCount,
    strategyTimeoutMs,
  };
}

/** The memeval version and checked-out commit, which head the run id. */
function currentCode(): CodeIdentity {
  return { version: readPackageJson().version, commit: gitState()?.commit ?? null };
}

/** Matrix values dropped as repeats, reported together so a run prints one line about them. */
class RepeatLog {
  private readonly dropped: { flag: string; value: string }[] = [];

  add(flag: string, value: string): void {
    this.dropped.push({ flag, value });
  }

  /** `values` without repeats (by `keyOf`), in first-occurrence order; each repeat is noted. */
  unique<T>(flag: string, values: readonly T[], keyOf: (value: T) => string): T[] {
    const seen = new Set<string>();
    return values.filter((v) => {
      const key = keyOf(v);
      if (seen.has(key)) {
        this.add(flag, key);
        return false;
      }
      seen.add(key);
      return true;
    });
  }

  report(log: (message: string) => void): void {
    if (this.dropped.length === 0) return;
    const what = this.dropped.map((d) => `${d.flag} ${d.value}`).join(', ');
    log(`memeval: ignoring repeated value(s), each cell runs once: ${what}`);
  }
}

/** What a shard deals on: the cell's identity, independent of where it sits in the matrix. */
function shardKey(cell: PlannedCell): string {
  return JSON.stringify([cell.scenario.id, cell.strategy.label, cell.model.id, cell.budgetTokens]);
}

/** A probe that names a judge unable to judge its expectation (f1 for an abstention) is a scenario error. */
function checkProbeJudges(file: string, steps: LoadedScenario['scenario']['steps']): void {
  steps.forEach((step, i) => {
    if (!('probe' in step) || !step.probe.judge) return;
    if (!JUDGES[step.probe.judge].accepts(step.probe.expect)) {
      throw new MemevalError(
        'SCENARIO_INVALID',
        `${file}: steps.${i}.probe.judge: ${step.probe.judge} cannot judge this expect (${Object.keys(step.probe.expect).join(', ')})`,
      );
    }
  });
}
