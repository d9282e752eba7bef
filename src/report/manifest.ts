import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WILSON_METHOD } from '../metrics/interval.js';
import { providerNote } from '../models/registry.js';
import { tokenCounterId } from '../models/token-count.js';
import type { CellIdentity, CellResult, OutcomeRecord } from '../runner/cell.js';
import type { RunOptions, RunPlan } from '../runner/plan.js';
import { DEFAULT_BUDGET_TOKENS } from '../scenario/schema.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import type { ResultRow } from './columns.js';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readPackageJson(): PackageJson {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

let cachedGitState: { commit: string; dirty: boolean } | null | undefined;

/**
 * The checked-out commit of the memeval sources and whether tracked files differ from it; null
 * outside a memeval checkout. Only memeval's own repository counts: an installed package sits in
 * the user's project, whose git commit says nothing about memeval. Asked once per process (a git
 * process costs tens of milliseconds).
 */
export function gitState(): { commit: string; dirty: boolean } | null {
  if (cachedGitState === undefined) cachedGitState = existsSync(join(PACKAGE_ROOT, '.git')) ? readGitState() : null;
  return cachedGitState;
}

function readGitState(): { commit: string; dirty: boolean } | null {
  // One git process: porcelain v2 with --branch heads its output with `# branch.oid <commit>`
  // (`(initial)` before the first commit), followed by one line per changed tracked file.
  const status = spawnSync('git', ['status', '--porcelain=v2', '--branch', '--untracked-files=no'], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
  });
  if (status.status !== 0) return null;
  const lines = status.stdout.split('\n').filter((line) => line !== '');
  const commit = lines.find((line) => line.startsWith('# branch.oid '))?.slice('# branch.oid '.length);
  if (commit === undefined || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  return { commit, dirty: lines.some((line) => !line.startsWith('#')) };
}

/** How a model's numbers must be read. The offline reader is never to be taken for Claude. */
export function modelNote(provider: string): string {
  return providerNote(provider);
}

/** What run.json needs of a finished cell; a cell restored from the journal has just this. */
export type ManifestCell = Pick<CellResult, 'strategyInfo' | 'warnings' | 'elapsedMs'> & {
  spec: CellIdentity;
  outcomes: readonly OutcomeRecord[];
};

export interface ManifestInput {
  runId: string;
  options: RunOptions;
  plan: RunPlan;
  /** Each cell with its rows, in matrix order. */
  cells: { cell: ManifestCell; rows: ResultRow[] }[];
  runDir: string | null;
  dbFiles: (string | null)[];
  elapsedMs: number;
  git: { commit: string; dirty: boolean } | null;
}

/** run.json: what was run, with what, and who produced each number. */
export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const { plan, options } = input;
  const pkg = readPackageJson();
  const embedder = plan.deps.embedder;
  return {
    runId: input.runId,
    createdAt: new Date().toISOString(),
    memeval: pkg.version,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    git: input.git,
    packages: { ...pkg.dependencies, ...pkg.devDependencies },
    seed: plan.seed ?? "per scenario (each scenario file's seed)",
    options: {
      strategies: plan.strategies.map((s) => s.spec),
      models: plan.models.map((m) => m.id),
      scenarios: plan.scenarios.map((s) => ({ id: s.id, file: s.file })),
      tags: options.tags ?? [],
      limit: options.limit ?? null,
      budgets: plan.budgets ?? `per scenario (its budgets, else ${DEFAULT_BUDGET_TOKENS})`,
      embedder: { id: embedder.id, kind: embedder.kind },
      judge: plan.judgeName,
      concurrency: plan.concurrency,
      priceAs: plan.priceAs.map((p) => p.id),
      keepDb: options.keepDb ?? false,
      tokenCount: plan.tokenCount,
      out: input.runDir,
    },
    tokenCounts: {
      mode: plan.tokenCount,
      counters: plan.models.map((m) => ({ model: m.id, counter: tokenCounterId(plan.tokenCount, m.id) })),
      note:
        plan.tokenCount === 'exact'
          ? "stored message token counts, which budgets add up, come from messages.countTokens of each cell's model (recorded and replayed like calls); date labels, the placeholder turn, truncated turns and summaries are estimated at 4 characters per token"
          : 'stored message token counts, which budgets add up, are estimated at 4 characters per token',
    },
    resolved: options.provenance ?? null,
    /** How summary.csv's *_ci_low/_ci_high columns are computed, so a reader need not guess. */
    statistics: {
      interval: WILSON_METHOD,
      level: 0.95,
      over: 'probes of a cell (strategy × model × budget)',
      note: "Wilson score interval of the rate; evidence recall's mean over probes with evidence reads as that many hits (exact when each probe's recall is 0 or 1)",
    },
    pricing: {
      note:
        plan.priceAs.length > 0
          ? "rows with priced_as different from model are estimates: the token counts of this run priced at that model's list prices; the offline reader's token counts are themselves estimates (4 characters per token)"
          : 'cost_usd is empty for unpriced models (the offline reader)',
      estimates: plan.priceAs.length > 0,
      prices: plan.priceAs,
    },
    models: plan.models.map((m) => ({ id: m.id, provider: m.provider, note: modelNote(m.provider) })),
    ...(plan.shard ? { shard: plan.shard } : {}),
    providers: plan.modelSetup.describe(),
    cells: input.cells.map(({ cell: c, rows }, i) => {
      return {
        /** Position in the whole (unsharded) matrix; `memeval merge` orders cells by it. */
        index: c.spec.index,
        scenario: c.spec.scenario.id,
        file: c.spec.file,
        strategy: c.spec.strategy.label,
        spec: c.spec.strategy.spec,
        strategyInfo: c.strategyInfo,
        embedder:
          c.strategyInfo.embedder === 'none' ? { id: 'none' } : { id: c.strategyInfo.embedder, kind: embedder.kind },
        model: { id: c.spec.model.id, provider: c.spec.model.provider, note: modelNote(c.spec.model.provider) },
        judges: [...new Set(rows.map((r) => r.judge))].sort(),
        budgetTokens: c.spec.budgetTokens,
        tokenCounter: tokenCounterId(plan.tokenCount, c.spec.model.id),
        probes: c.outcomes.length,
        errors: c.outcomes.filter((o) => o.status === 'error').length,
        elapsedMs: Math.round(c.elapsedMs * 1000) / 1000,
        warnings: c.warnings,
        db: input.dbFiles[i],
      };
    }),
    totals: {
      cells: input.cells.length,
      probes: input.cells.reduce((n, { cell }) => n + cell.outcomes.length, 0),
      errors: input.cells.reduce((n, { cell }) => n + cell.outcomes.filter((o) => o.status === 'error').length, 0),
      elapsedMs: Math.round(input.elapsedMs),
    },
  };
}
