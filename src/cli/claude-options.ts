import type { Options } from 'yargs';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../models/anthropic.js';
import { CACHE_MODES, DEFAULT_CACHE_DIR } from '../models/cache/cached-model.js';
import { DEFAULT_MODEL_CONCURRENCY } from '../models/guarded.js';

/** Flags for real Claude calls, declared once; `memeval run` takes all, `memeval chat` the provider ones. */
export const CLAUDE_OPTIONS = {
  'base-url': { type: 'string', describe: 'Messages API base URL (or ANTHROPIC_BASE_URL); the key comes from ANTHROPIC_API_KEY' },
  'max-retries': { type: 'number', describe: 'Retries of 429/529/5xx/timeouts, with backoff', default: DEFAULT_MAX_RETRIES },
  'timeout-ms': { type: 'number', describe: 'Timeout of one attempt of a Claude call', default: DEFAULT_TIMEOUT_MS },
  'prompt-cache': { type: 'boolean', describe: 'Mark the system prompt and history for Anthropic prompt caching', default: false },
  cache: { type: 'string', choices: CACHE_MODES, describe: 'Record/replay of Claude calls: auto, record, replay (no key needed; a miss is an error), off', default: 'auto' },
  'cache-dir': { type: 'string', describe: 'Folder of recorded calls (commit it for CI replay)', default: DEFAULT_CACHE_DIR },
  'max-cost-usd': { type: 'number', describe: 'Refuse new Claude calls once this many dollars were spent' },
  concurrency: { type: 'number', describe: 'Concurrent calls per Claude model', default: DEFAULT_MODEL_CONCURRENCY },
} as const satisfies Record<string, Options>;
