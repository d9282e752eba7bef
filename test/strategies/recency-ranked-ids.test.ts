import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { buildDeps } from '../../src/strategy/deps.js';
import { createStrategy } from '../../src/strategy/load.js';
import { loadStrategyDefinition } from '../../strategies/lookup.js';
import { openStore, useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('recency fills rankedIds', () => {
  it('ranks the messages in its window newest first, for recall@k', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const store = openStore(join(tempDir(), 'm.db'), clock);
    const saved = store.saveAll([
      { userId: 'u', sessionId: 's', role: 'user', content: 'first' },
      { userId: 'u', sessionId: 's', role: 'assistant', content: 'second' },
      { userId: 'u', sessionId: 's', role: 'user', content: 'third' },
    ]);
    const strategy = createStrategy(await loadStrategyDefinition('recency'), {}, await buildDeps({ log: () => {} }));
    const ctx = await strategy.buildContext({
      store,
      userId: 'u',
      sessionId: 's',
      query: 'q',
      budgetTokens: 4000,
      clock,
    });
    expect(ctx.rankedIds).toEqual(saved.map((m) => m.id).reverse());
    store.close();
  });
});
