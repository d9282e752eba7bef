import { createHash } from 'node:crypto';
import { MemevalError } from '../errors.js';
import { AUTO_JUDGE, JUDGES, resolveJudge } from '../judges/index.js';
import type { Judge } from '../judges/types.js';
import { findPrice, type PriceRow } from '../models/pricing.js';
import { createModel } from '../models/registry.js';
import type { ChatModel } from '../models/types.js';
import { loadScenarios, type LoadedScenario } from '../scenario/load.js';
import { buildDeps } from '../strategy/deps.js';
import { resolveStrategySpecs, type ResolvedStrategy } from '../strategy/spec.js';
import type { StrategyDeps } from '../strategy/types.js';
import type { CellSpec } from './cell.js';
import { selectShard, type Shard } from './shard.js';
import { buildTimeline } from './timeline.js';

/** Budget for scenarios that do not name their own and runs without `--budget`. */
export const DEFAULT_BUDGET_TOKENS = 4000;
export const DEFAULT_CONCURRENCY = 2;

/** What `runEval` takes. Every field is optional; defaults are those of `memeval run`. */
export interface RunOptions {
  /** Strategy specs (`name` or `name:key=value,…`, or a path); `all` is every registered strategy. @default ['all'] */
  strategies?: string[];
  /** Reader model ids. @default ['offline'] */
  models?: string[];
  /** Scenario ids, id globs, files or folders. @default every built-in scenario */
  scenarios?: string[];
  /** Keep scenarios with any of these tags. */
  tags?: string[];
  /** Run only the first N scenarios (in id order). */
  limit?: number;
  /** Token budgets. @default each scenario's own `budgets`, else [4000] */
  budgets?: number[];
  /** Embedder for strategies that embed. @default 'hash' */
  embedder?: string;
  /** Folder with local embedding model files. */
  modelDir?: string;
  /** Judge for every probe it can judge; `auto` lets each probe's expectation decide. @default 'auto' */
  judge?: string;
  /** Cells in flight at once. @default 2 */
  concurrency?: number;
  /** Folder the run folder goes in; null writes nothing. @default 'reports' */
  outDir?: string | null;
  /** Filler seed for every scenario. @default each scenario's own seed */
  seed?: number;
  /** Also price token counts as if sent to these models (estimates, extra rows). */
  priceAs?: string[];
  /** Keep each cell's SQLite file (copied to `<run dir>/db/`). @default false */
  keepDb?: boolean;
  /** Notices (embedder chosen, warnings). @default stderr */
  log?: (message: string) => void;
  /** Run only slice k of n of the cells (`--shard k/n`); `memeval merge` joins the slices. */
  shard?: Shard;
  /** Called after each cell finishes. */
  onProgress?: (progress: { done: number; total: number; cell: CellSpec }) => void;
  /** Builds reader models by id; a seam for tests and the library. @default the model registry */
  createModel?: (id: string) => ChatModel;
}

/** Everything a run needs, validated: a plan exists only if every input was good. */
export interface RunPlan {
  scenarios: LoadedScenario[];
  strategies: ResolvedStrategy[];
  models: ChatModel[];
  /** Budgets given on the command line, or null to use each scenario's own. */
  budgets: number[] | null;
  judge: Judge | undefined;
  judgeName: string;
  priceAs: PriceRow[];
  deps: StrategyDeps;
  concurrency: number;
  seed: number | undefined;
  /** The cells this process runs: the whole matrix, or the shard's slice (indexes stay those of the whole matrix). */
  cells: CellSpec[];
  /** Set under --shard: which slice, and how many cells the whole matrix has. */
  shard: (Shard & { totalCells: number }) | null;
}

function positiveInt(flag: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new MemevalError('USAGE', `${flag} must be a positive whole number (got ${value})`);
  return value;
}

function nonEmpty(flag: string, values: readonly string[]): string[] {
  const out = values.map((v) => v.trim()).filter((v) => v !== '');
  if (out.length === 0) throw new MemevalError('USAGE', `--${flag}: give at least one value`);
  return out;
}

/**
 * Validates every input — scenarios, strategies and their options, models, budgets, judge,
 * prices, embedder — and lays out the matrix (scenario × strategy × model × budget, in that
 * order). Throws a MemevalError (exit 2) on the first bad input, before anything is written.
 */
export async function planRun(options: RunOptions): Promise<RunPlan> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const concurrency = positiveInt('-j', options.concurrency ?? DEFAULT_CONCURRENCY);
  const budgets = options.budgets === undefined ? null : options.budgets.map((b) => positiveInt('--budget', b));
  if (budgets !== null && budgets.length === 0) throw new MemevalError('USAGE', '--budget: give at least one value');
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new MemevalError('USAGE', `--seed must be a whole number (got ${options.seed})`);

  let scenarios = loadScenarios(options.scenarios ?? [], { tags: options.tags });
  if (options.limit !== undefined) scenarios = scenarios.slice(0, positiveInt('--limit', options.limit));

  const strategies = await resolveStrategySpecs(nonEmpty('strategy', options.strategies ?? ['all']));
  const make = options.createModel ?? ((id: string) => createModel(id, { log }));
  const modelIds = [...new Set(nonEmpty('model', options.models ?? ['offline']))];
  const models = modelIds.map((id) => make(id));

  const judgeName = options.judge?.trim() || AUTO_JUDGE;
  const judge = judgeName === AUTO_JUDGE ? undefined : resolveJudge(judgeName);
  for (const { file, scenario } of scenarios) checkProbeJudges(file, scenario.steps);

  const priceAs = [...new Set(options.priceAs ?? [])].map((id) => {
    const price = findPrice(id);
    if (!price) throw new MemevalError('UNKNOWN_NAME', `--price-as ${id}: not in the pricing file (src/models/pricing.json)`);
    return price;
  });

  const deps = await buildDeps({ embedder: options.embedder, modelDir: options.modelDir, log });

  const cells: CellSpec[] = [];
  for (const { file, scenario } of scenarios) {
    const timeline = buildTimeline(scenario, options.seed);
    for (const strategy of strategies) {
      for (const model of models) {
        for (const budgetTokens of budgets ?? scenario.budgets ?? [DEFAULT_BUDGET_TOKENS]) {
          cells.push({ index: cells.length, scenario, file, timeline, strategy, model, budgetTokens });
        }
      }
    }
  }
  const shard = options.shard ? { ...options.shard, totalCells: cells.length } : null;
  const mine = options.shard ? selectShard(cells, options.shard, shardKey) : cells;
  return { scenarios, strategies, models, budgets, judge, judgeName, priceAs, deps, concurrency, seed: options.seed, cells: mine, shard };
}

/** What a shard deals on: the cell's identity, independent of where it sits in the matrix. */
function shardKey(cell: CellSpec): string {
  return JSON.stringify([cell.scenario.id, cell.strategy.label, cell.model.id, cell.budgetTokens]);
}

/** A probe that names a judge unable to judge its expectation (f1 for an abstention) is a scenario error. */
function checkProbeJudges(file: string, steps: LoadedScenario['scenario']['steps']): void {
  steps.forEach((step, i) => {
    if (!('probe' in step) || !step.probe.judge) return;
    if (!JUDGES[step.probe.judge].accepts(step.probe.expect)) {
      throw new MemevalError('SCENARIO_INVALID', `${file}: steps.${i}.probe.judge: ${step.probe.judge} cannot judge this expect (${Object.keys(step.probe.expect).join(', ')})`);
    }
  });
}

/**
 * The run id: a hash of everything that decides the results (code commit, scenarios as parsed,
 * strategies and options, models, budgets, embedder, judge, seed, prices), so two runs of the same
 * inputs write byte-identical results.csv, run_id included, apart from the timing columns.
 * The same inputs therefore reuse the same run folder; its files are replaced.
 */
export function computeRunId(plan: RunPlan, version: string, commit: string | null): string {
  const basis = {
    version,
    commit,
    scenarios: plan.scenarios.map((s) => s.scenario),
    strategies: plan.strategies.map((s) => [s.label, s.resolvedOptions]),
    models: plan.models.map((m) => m.id),
    budgets: plan.budgets,
    embedder: plan.deps.embedder.id,
    judge: plan.judgeName,
    seed: plan.seed ?? null,
    priceAs: plan.priceAs.map((p) => p.id),
  };
  return `run-${createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 12)}`;
}
