import { CachedModel, DEFAULT_CACHE_MODE, type CacheOptions } from './cache/cached-model.js';
import { GuardedModel } from './guarded.js';
import { createModel, type ModelOptions } from './registry.js';
import type { SpendAccount, SpendLedger } from './spend.js';
import type { ChatModel } from './types.js';

export interface ModelStackOptions extends ModelOptions {
  /** Shared by every model of a run: the spend cap and the prices. */
  ledger: SpendLedger;
  /** @default { mode: DEFAULT_CACHE_MODE, dir: DEFAULT_CACHE_DIR } */
  cache?: CacheOptions;
  /** Concurrent real calls to this model. @default 4 */
  concurrency?: number;
  /** @default 'chat' */
  account?: SpendAccount;
}

/** A model ready for a run: `forRepeat(i)` gives the view to use for repeat `i`. */
export interface ModelStack {
  readonly id: string;
  readonly provider: ChatModel['provider'];
  forRepeat(repeatIndex: number): ChatModel;
  /** Null for models that cost nothing and are deterministic (offline). */
  readonly cache: CachedModel | null;
  readonly guard: GuardedModel | null;
}

/**
 * Builds cache → guard (concurrency + spend cap) → provider for one model id. The cache sits
 * outside the guard so replayed calls are neither limited nor charged. In `replay` mode the
 * provider is built without requiring a key, since it is never called.
 */
export function createModelStack(id: string, options: ModelStackOptions): ModelStack {
  const cacheOptions = options.cache ?? { mode: DEFAULT_CACHE_MODE };
  const requireKey = cacheOptions.mode !== 'replay';
  const base = createModel(id, { ...options, anthropic: { ...options.anthropic, requireKey } });
  if (base.provider === 'offline') {
    return { id: base.id, provider: base.provider, forRepeat: () => base, cache: null, guard: null };
  }
  const guard = new GuardedModel(base, {
    ledger: options.ledger,
    concurrency: options.concurrency,
    account: options.account,
  });
  const cache = new CachedModel(guard, cacheOptions);
  return { id: base.id, provider: base.provider, forRepeat: (i) => cache.forRepeat(i), cache, guard };
}
