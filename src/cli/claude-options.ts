import type { Options } from 'yargs';
import { MemevalError } from '../errors.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MAX_TIMEOUT_MS, type AnthropicOptions } from '../models/anthropic.js';
import { MAX_COST_USD } from '../models/spend.js';
import { CACHE_MODES, DEFAULT_CACHE_DIR, type CacheOptions } from '../models/cache/cached-model.js';
import { boundedInt } from './options.js';

/** Default concurrent calls per Claude model. */
export const DEFAULT_CONCURRENCY = 4;
/** Beyond this many calls in flight per model, a run leans on 429s (and sockets) instead of a limit. */
export const MAX_CLAUDE_CONCURRENCY = 256;

/** Flags for real Claude calls, declared once; `memeval run` takes all, `memeval chat` the provider ones. */
export const CLAUDE_OPTIONS = {
  'base-url': { type: 'string', describe: 'Messages API base URL (or ANTHROPIC_BASE_URL); the key comes from ANTHROPIC_API_KEY' },
  'max-retries': { type: 'number', describe: 'Retries of 429/529/5xx/timeouts, with backoff', default: DEFAULT_MAX_RETRIES },
  'timeout-ms': { type: 'number', describe: `Deadline of one attempt of a Claude call, reply body included (at most ${MAX_TIMEOUT_MS})`, default: DEFAULT_TIMEOUT_MS },
  'prompt-cache': { type: 'boolean', describe: 'Mark the system prompt and history for Anthropic prompt caching', default: false },
  cache: { type: 'string', choices: CACHE_MODES, describe: 'Record/replay of Claude calls: auto, record, replay (no key needed; a miss is an error), off', default: 'auto' },
  'cache-dir': { type: 'string', describe: 'Folder of recorded calls (commit it for CI replay)', default: DEFAULT_CACHE_DIR },
  'max-cost-usd': { type: 'number', describe: 'Refuse new Claude calls once this many dollars were spent' },
  concurrency: { type: 'number', describe: 'Concurrent calls per Claude model', default: DEFAULT_CONCURRENCY },
} as const satisfies Record<string, Options>;

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

/** Validates the flags (naming the bad one) and turns them into provider, cache and limit settings. */
export function resolveClaudeOptions(args: ClaudeArgs): ResolvedClaudeOptions {
  const maxRetries = boundedInt('max-retries', args.maxRetries ?? DEFAULT_MAX_RETRIES, 0, MAX_RETRIES);
  const mode = args.cache ?? 'auto';
  if (!(CACHE_MODES as readonly string[]).includes(mode)) throw new MemevalError('USAGE', `--cache must be one of ${CACHE_MODES.join(', ')} (got ${mode})`);
  if (args.maxCostUsd !== undefined && !(args.maxCostUsd >= 0 && args.maxCostUsd <= MAX_COST_USD)) {
    throw new MemevalError('USAGE', `--max-cost-usd must be a number from 0 to ${MAX_COST_USD} (got ${args.maxCostUsd})`);
  }
  return {
    anthropic: {
      baseURL: args.baseUrl,
      maxRetries,
      timeoutMs: boundedInt('timeout-ms', args.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS),
      promptCache: args.promptCache ?? false,
    },
    cache: { mode: mode as CacheOptions['mode'], dir: args.cacheDir ?? DEFAULT_CACHE_DIR },
    maxCostUsd: args.maxCostUsd,
    concurrency: boundedInt('concurrency', args.concurrency ?? DEFAULT_CONCURRENCY, 1, MAX_CLAUDE_CONCURRENCY),
  };
}
