import { MemevalError } from '../errors.js';
import type { RunOptions } from '../runner/plan.js';
import { parseShard, type Shard } from '../runner/shard.js';
import { SHARD_INDEX_VARS, shardFromEnvironment } from '../runner/scheduler-shard.js';
import { isStrategyDefinition } from '../strategy/spec.js';
import { findConfigFile, loadConfigFile, type LoadedConfig } from './load.js';
import type { OptionSource, Provenance } from '../runner/provenance.js';
import { resolveClaudeOptions } from './claude.js';
import { FLAG_OPTIONS, RUN_OPTIONS } from './options.js';
import { resolveOptions, resolvedValues, sourceName } from './resolve.js';
import type { ParsedConfig } from './schema.js';
import { checkConfigStrategies } from './strategies.js';

/** A config to resolve against: a file, or an object passed to `runEval`. */
export interface ConfigSource {
  name: string;
  file: string | null;
  config: ParsedConfig;
}

/**
 * The config a command uses: `-c/--config`, else `MEMEVAL_CONFIG`, else a `memeval.config.*` in
 * the working directory, else none.
 */
export async function findAndLoadConfig(
  explicit: string | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<LoadedConfig | null> {
  const { configFile } = resolveOptions({ configFile: FLAG_OPTIONS.configFile }, { flags: { config: explicit }, env });
  const path = configFile.value ?? findConfigFile();
  return path === undefined || path === null ? null : loadConfigFile(path);
}

export function configSource(loaded: LoadedConfig | null): ConfigSource | null {
  return loaded && { name: loaded.name, file: loaded.file, config: loaded.config };
}

/**
 * Resolves `memeval run`'s options (flag > env > config > default, see resolveOptions) into the
 * runner's RunOptions, with the provenance for run.json. Strategies named by the config are
 * loaded and their options checked here, so errors name the config key.
 */
export async function resolveRunOptions(input: {
  flags?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  config: ConfigSource | null;
  log: (message: string) => void;
}): Promise<RunOptions> {
  const { config } = input;
  if (config?.config.strategies) await checkConfigStrategies(config.config.strategies, config.name);
  const resolved = resolveOptions(RUN_OPTIONS, {
    flags: input.flags,
    env: input.env,
    file: config && { name: config.name, values: config.config },
  });
  const v = resolvedValues(resolved);
  return {
    strategies: v.strategies,
    models: v.models,
    scenarios: v.scenarios,
    datasets: v.datasets,
    topK: v.topK,
    tags: v.tags,
    limit: v.limit,
    budgets: v.budgets,
    embedder: v.embedder,
    modelDir: v.modelDir,
    judge: v.judge,
    concurrency: v.concurrency,
    strategyTimeoutMs: v.strategyTimeoutMs,
    outDir: v.outDir,
    seed: v.seed,
    priceAs: v.priceAs,
    keepDb: v.keepDb,
    shard: resolveShard(
      v.shard,
      sourceName(resolved.shard.source, RUN_OPTIONS.shard, config, 'shard'),
      input.env ?? process.env,
      input.log,
    ),
    summarizer: v.summarizer,
    tokenCount: v.tokenCount,
    // The base URL is connection detail, not an evaluation setting (FLAG_OPTIONS.baseUrl): not in the config or run.json.
    claude: resolveClaudeOptions({
      baseUrl: resolvedValues(resolveOptions({ baseUrl: FLAG_OPTIONS.baseUrl }, { flags: input.flags, env: input.env }))
        .baseUrl,
      maxRetries: v.maxRetries,
      timeoutMs: v.timeoutMs,
      promptCache: v.promptCache,
      cache: v.cache,
      cacheDir: v.cacheDir,
      maxCostUsd: v.maxCostUsd,
      concurrency: v.claudeConcurrency,
    }),
    log: input.log,
    provenance: { configFile: config?.file ?? config?.name ?? null, options: withNulls(resolved) },
  };
}

/**
 * run.json's view of the options: unset ones as null rather than vanishing, and strategies given
 * as definitions in code as their name (a definition holds functions and a zod schema).
 */
function withNulls(resolved: Record<string, { value: unknown; source: OptionSource }>): Provenance['options'] {
  const plain = (v: unknown): unknown =>
    isStrategyDefinition(v)
      ? `${v.name} (defined in code)`
      : Array.isArray(v)
        ? v.map(plain)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
          : v;
  return Object.fromEntries(
    Object.entries(resolved).map(([k, { value, source }]) => [k, { value: plain(value) ?? null, source }]),
  );
}

/**
 * The shard to run: `k/n` as given; `auto` from the scheduler's variables (an error when none is
 * detected, so a fleet never runs the whole matrix on every machine); `none` never; unset, from the
 * scheduler when one is detected, else unsharded. Unset, a detected fleet of one is no shard
 * (CircleCI exports 0 of 1 to every job), while `auto` keeps it a 1/1 shard as asked.
 */
function resolveShard(
  value: string | undefined,
  name: string,
  env: Record<string, string | undefined>,
  log: (message: string) => void,
): Shard | undefined {
  const text = value?.trim();
  if (text === 'none') return undefined;
  if (text !== undefined && text !== 'auto') return parseShard(text, name);
  const detected = shardFromEnvironment(env);
  if (!detected) {
    if (text === 'auto')
      throw new MemevalError(
        'USAGE',
        `${name} auto: no scheduler detected (none of ${SHARD_INDEX_VARS.join(', ')} is set); pass --shard k/n`,
      );
    return undefined;
  }
  if (text === undefined && detected.n === 1) return undefined;
  const vars = Object.entries(detected.variables)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  log(`shard ${detected.k}/${detected.n} from ${detected.from} (${vars})`);
  return detected;
}
