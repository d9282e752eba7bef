import { MemevalError } from '../errors.js';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_RETRIES,
  MAX_TIMEOUT_MS,
  type AnthropicOptions,
} from '../models/anthropic.js';
import { CACHE_MODES, DEFAULT_CACHE_DIR, DEFAULT_CACHE_MODE, type CacheOptions } from '../models/cache/cached-model.js';
import { DEFAULT_MODEL_CONCURRENCY, MAX_MODEL_CONCURRENCY } from '../models/guarded.js';
import { MAX_COST_USD } from '../models/spend.js';
import { requirePositiveInt } from '../util/checks.js';

/** The Claude settings of a command, as its option table resolved them. */
export interface ClaudeArgs {
  baseUrl?: string;
  maxRetries?: number;
  timeoutMs?: number;
  promptCache?: boolean;
  cache?: string;
  cacheDir?: string;
  maxCostUsd?: number;
  concurrency?: number;
}

export interface ResolvedClaudeOptions {
  anthropic: AnthropicOptions;
  cache: CacheOptions;
  maxCostUsd: number | undefined;
  concurrency: number;
}

/** Validates the settings (naming the bad flag) and turns them into provider, cache and limit settings. */
export function resolveClaudeOptions(args: ClaudeArgs): ResolvedClaudeOptions {
  const maxRetries = args.maxRetries ?? DEFAULT_MAX_RETRIES;
  // The option tables bound these already; a library caller passing RunOptions directly meets the same limits here.
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES)
    throw new MemevalError(
      'USAGE',
      `--max-retries must be a whole number from 0 to ${MAX_RETRIES} (got ${maxRetries})`,
    );
  const mode = args.cache ?? DEFAULT_CACHE_MODE;
  if (!(CACHE_MODES as readonly string[]).includes(mode))
    throw new MemevalError('USAGE', `--cache must be one of ${CACHE_MODES.join(', ')} (got ${mode})`);
  if (args.maxCostUsd !== undefined && !(args.maxCostUsd >= 0 && args.maxCostUsd <= MAX_COST_USD))
    throw new MemevalError(
      'USAGE',
      `--max-cost-usd must be a number from 0 to ${MAX_COST_USD} (got ${args.maxCostUsd})`,
    );
  return {
    anthropic: {
      baseURL: args.baseUrl,
      maxRetries,
      timeoutMs: requirePositiveInt('--timeout-ms', args.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS),
      promptCache: args.promptCache ?? false,
    },
    cache: { mode: mode as CacheOptions['mode'], dir: args.cacheDir ?? DEFAULT_CACHE_DIR },
    maxCostUsd: args.maxCostUsd,
    concurrency: requirePositiveInt(
      '--concurrency',
      args.concurrency ?? DEFAULT_MODEL_CONCURRENCY,
      MAX_MODEL_CONCURRENCY,
    ),
  };
}
