import { ManualClock } from '../../src/clock.js';
import { ConversationStore } from '../../src/store/sqlite.js';
import type { NewMessage, StoredMessage } from '../../src/store/types.js';
import { buildDeps } from '../../src/strategy/deps.js';
import { createStrategy } from '../../src/strategy/load.js';
import { loadStrategyDefinition } from '../../strategies/lookup.js';
import type { MemoryStrategy, StrategyDeps } from '../../src/strategy/types.js';

export const DAY_MS = 86_400_000;

/** The seeded PRNG the product uses, so test histories are reproducible everywhere. */
export { mulberry32 as prng } from '../../src/util/random.js';

export async function hashDeps(): Promise<StrategyDeps> {
  return buildDeps({ embedder: 'hash', log: () => {} });
}

export async function strategyFor(name: string, options: unknown = {}, deps?: StrategyDeps): Promise<MemoryStrategy> {
  return createStrategy(await loadStrategyDefinition(name), options, deps ?? (await hashDeps()));
}

/** Saves one turn in one transaction and runs the strategy's save hook, as the chatbot does. */
export async function saveTurn(
  store: ConversationStore,
  strategy: MemoryStrategy,
  clock: ManualClock,
  turn: NewMessage[],
): Promise<StoredMessage[]> {
  const saved = store.saveAll(turn);
  await strategy.afterSave?.({ store, userId: saved[0].userId, sessionId: saved[0].sessionId, messages: saved, clock });
  return saved;
}

export function memoryStore(clock = new ManualClock(Date.UTC(2024, 0, 1, 9))): {
  store: ConversationStore;
  clock: ManualClock;
} {
  return { store: new ConversationStore(':memory:', { clock }), clock };
}
