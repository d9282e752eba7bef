import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import { CACHE_MODES } from '../models/cache/cached-model.js';
import { TOKEN_COUNT_MODES } from '../models/token-count.js';
import { writeFileAtomic } from '../report/files.js';
import { QUESTION_SCORES_FILE } from '../report/question-scores.js';
import { JOURNAL_FILE } from './journal.js';
import { OPTION_SOURCES } from './provenance.js';
import { SPEND_LOG_FILE } from './spend-log.js';
import { SHARD_SOURCES } from './scheduler-shard.js';
import { isStrategyDefinition, type StrategyInput } from '../strategy/spec.js';
import type { RunOptions } from './plan.js';

/** Written when a run starts: the inputs `--resume` re-plans from. run.json is written at the end. */
export const RUN_PLAN_FILE = 'run-plan.json';

/** Files a finished run writes; removed when a run starts afresh so their presence means "finished". */
const REPORT_FILES = ['results.csv', 'summary.csv', 'metrics.csv', QUESTION_SCORES_FILE, 'report.html', 'run.json'];

/**
 * The inputs of a run as saved for resuming. A whitelist on purpose: nothing from the environment
 * (API keys above all) is saved wholesale. Paths stay as given (run.json records them so, and a
 * resumed run must write the same run.json); the resume runs from the same folder instead.
 * A new serialisable run option that changes results must be added here, or a resume loses it.
 */
const SavedOptions = z
  .object({
    /** Specs and `{ name, options }` entries; a strategy defined in code is saved by name only and cannot be resumed. */
    strategies: z
      .array(
        z.union([
          z.string(),
          z.object({ name: z.string(), options: z.record(z.string(), z.unknown()).optional() }).strict(),
        ]),
      )
      .optional(),
    models: z.array(z.string()).optional(),
    scenarios: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    limit: z.number().optional(),
    budgets: z.array(z.number()).optional(),
    embedder: z.string().optional(),
    modelDir: z.string().optional(),
    judge: z.string().optional(),
    concurrency: z.number().optional(),
    strategyTimeoutMs: z.number().optional(),
    seed: z.number().optional(),
    priceAs: z.array(z.string()).optional(),
    keepDb: z.boolean().optional(),
    datasets: z.array(z.string()).optional(),
    topK: z.array(z.number()).optional(),
    shard: z
      .object({
        k: z.number(),
        n: z.number(),
        from: z.enum(SHARD_SOURCES).optional(),
        variables: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    summarizer: z.string().optional(),
    tokenCount: z.enum(TOKEN_COUNT_MODES).optional(),
    /** How each option was resolved (flag, env, config file, default), so a resumed run writes the same run.json. */
    provenance: z
      .object({
        configFile: z.string().nullable(),
        options: z.record(z.string(), z.object({ value: z.unknown(), source: z.enum(OPTION_SOURCES) }).strict()),
      })
      .strict()
      .optional(),
    /** Claude settings without the key or the environment (AnthropicOptions carries both). */
    claude: z
      .object({
        anthropic: z
          .object({
            baseURL: z.string().optional(),
            maxRetries: z.number().optional(),
            timeoutMs: z.number().optional(),
            promptCache: z.boolean().optional(),
            requireKey: z.boolean().optional(),
          })
          .strict()
          .optional(),
        cache: z
          .object({ mode: z.enum(CACHE_MODES), dir: z.string().optional() })
          .strict()
          .optional(),
        maxCostUsd: z.number().optional(),
        concurrency: z.number().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
type SavedOptions = z.infer<typeof SavedOptions>;

/** `cwd`: the folder the run started in; its paths are kept as given and read from there. */
const RunPlanFile = z.object({ runId: z.string(), cwd: z.string(), options: SavedOptions }).strict();

/**
 * A run's folder name. Shards share the run id (it names the inputs, so merged results match an
 * unsharded run) but not the folder, so shards run on one machine do not overwrite each other.
 */
export function runFolderName(runId: string, shard?: { k: number; n: number } | null): string {
  return shard ? `${runId}.shard-${shard.k}-of-${shard.n}` : runId;
}

/** The options worth saving, paths made absolute. */
export function savedOptions(options: RunOptions): SavedOptions {
  const saved: SavedOptions = {
    strategies: options.strategies?.map(savedStrategy),
    models: options.models,
    scenarios: options.scenarios,
    tags: options.tags,
    limit: options.limit,
    budgets: options.budgets,
    embedder: options.embedder,
    modelDir: options.modelDir,
    judge: options.judge,
    concurrency: options.concurrency,
    strategyTimeoutMs: options.strategyTimeoutMs,
    seed: options.seed,
    priceAs: options.priceAs,
    keepDb: options.keepDb,
    datasets: options.datasets,
    topK: options.topK,
    shard: options.shard,
    summarizer: options.summarizer,
    tokenCount: options.tokenCount,
    provenance: options.provenance,
    claude: options.claude && savedClaude(options.claude),
  };
  return withoutUndefined(saved);
}

/** Marks a strategy that only exists in the calling program; resumeOptions refuses it by this suffix. */
const DEFINED_IN_CODE = ' (defined in code)';

function savedStrategy(input: StrategyInput): string | { name: string; options?: Record<string, unknown> } {
  if (isStrategyDefinition(input)) return `${input.name}${DEFINED_IN_CODE}`;
  if (typeof input === 'string') return input;
  const name = isStrategyDefinition(input.name) ? `${input.name.name}${DEFINED_IN_CODE}` : input.name;
  return input.options === undefined ? { name } : { name, options: input.options };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Picks the Claude settings field by field: never `apiKey`, never `env`, no credentials in a URL. */
function savedClaude(c: NonNullable<RunOptions['claude']>): SavedOptions['claude'] {
  const a = c.anthropic;
  let baseURL = a?.baseURL;
  if (baseURL) {
    try {
      const url = new URL(baseURL);
      url.username = '';
      url.password = '';
      baseURL = url.toString();
    } catch {
      // Not a URL: the provider will reject it; save it as given.
    }
  }
  return withoutUndefined({
    anthropic:
      a &&
      withoutUndefined({
        baseURL,
        maxRetries: a.maxRetries,
        timeoutMs: a.timeoutMs,
        promptCache: a.promptCache,
        requireKey: a.requireKey,
      }),
    cache: c.cache && withoutUndefined({ mode: c.cache.mode, dir: c.cache.dir }),
    maxCostUsd: c.maxCostUsd,
    concurrency: c.concurrency,
  });
}

/**
 * Gets a run folder ready before any cell runs. A fresh run clears what an earlier run of the same
 * inputs left (reports, journal, kept databases) and saves its plan; a resumed run checks it is
 * resuming the run it thinks it is and removes temp files a killed writer left behind.
 */
export function prepareRunDir(runDir: string, runId: string, options: RunOptions): void {
  if (options.resume !== undefined) {
    const planFile = join(runDir, RUN_PLAN_FILE);
    if (options.resume !== runId) {
      throw new MemevalError(
        'BAD_INPUT',
        `${planFile}: runId: the inputs now give run ${runId}, not ${options.resume} (memeval or a scenario changed since the run started); start a new run instead`,
      );
    }
    if (!existsSync(planFile))
      throw new MemevalError('BAD_INPUT', `${planFile}: not found; nothing to resume in ${runDir}`);
    for (const f of readdirSync(runDir)) if (/\.tmp-\d+$/.test(f)) rmSync(join(runDir, f), { force: true });
    return;
  }
  mkdirSync(runDir, { recursive: true });
  for (const f of [...REPORT_FILES, JOURNAL_FILE, SPEND_LOG_FILE, 'db'])
    rmSync(join(runDir, f), { recursive: true, force: true });
  writeFileAtomic(
    join(runDir, RUN_PLAN_FILE),
    `${JSON.stringify({ runId, cwd: process.cwd(), options: savedOptions(options) }, null, 2)}\n`,
  );
}

/**
 * Reads `<runDir>/run-plan.json` and returns the options that continue that run: its saved inputs,
 * `outDir` its parent folder and `resume` its id. Runtime-only options (log, progress, a model
 * factory) come from `extra`.
 * @throws MemevalError BAD_INPUT when the folder is not a memeval run folder.
 */
export function resumeOptions(
  runDir: string,
  extra: Pick<RunOptions, 'log' | 'onProgress' | 'createModel'> = {},
): RunOptions {
  const dir = resolve(runDir);
  const file = join(dir, RUN_PLAN_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'not found; is this a memeval run folder?'
        : `cannot read: ${(err as Error).message}`;
    throw new MemevalError('BAD_INPUT', `${file}: ${reason}`, { cause: err });
  }
  const parsed = RunPlanFile.safeParse(json);
  if (!parsed.success)
    throw new MemevalError(
      'BAD_INPUT',
      `${file}: ${parsed.error.issues[0].path.join('.') || 'file'}: ${parsed.error.issues[0].message}`,
    );
  const { runId, options, cwd } = parsed.data;
  if (resolve(cwd) !== process.cwd()) {
    throw new MemevalError(
      'BAD_INPUT',
      `${file}: cwd: this run was started in ${cwd}; resume it from there (its relative paths are read from that folder)`,
    );
  }
  const inCode = options.strategies
    ?.map((s) => (typeof s === 'string' ? s : s.name))
    .find((n) => n.endsWith(DEFINED_IN_CODE));
  if (inCode !== undefined) {
    throw new MemevalError(
      'BAD_INPUT',
      `${file}: strategies: ${inCode} exists only in the program that started the run; resume it from that program: runEval(sameConfig, { resume: '${runId}' })`,
    );
  }
  const folder = runFolderName(runId, options.shard);
  if (folder !== basename(dir))
    throw new MemevalError('BAD_INPUT', `${file}: runId: ${runId} does not match the folder name ${basename(dir)}`);
  return { ...parsed.data.options, ...extra, outDir: dirname(dir), resume: parsed.data.runId };
}
