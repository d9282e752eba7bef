import type { CacheMode } from '../models/cache/cached-model.js';
import { SpendLedger } from '../models/spend.js';
import { createModelStack } from '../models/stack.js';
import type { ChatModel } from '../models/types.js';

/**
 * Reader models for a run with record/replay: Claude models go behind the cache (cache mode and
 * folder from the resolved options); the offline reader is deterministic and is used as is.
 * One ledger is shared by every model of the run.
 */
export function cachedModelFactory(cache: { mode: CacheMode; dir: string }, log: (message: string) => void): (id: string) => ChatModel {
  const ledger = new SpendLedger({ warn: log });
  return (id) => createModelStack(id, { ledger, cache, log }).forRepeat(0);
}
