import { describe, expect, it } from 'vitest';
import type { ConversationStore } from '../../src/store/sqlite.js';
import { memoryStore, saveTurn, strategyFor } from './helpers.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const TEXTS = ['My sister Marta moved to Lisbon.', 'Lovely city!', 'I take the 7:40 train to work.', 'Early start.'];

function blobs(store: ConversationStore): string[] {
  return (sqliteOf(store).prepare('SELECT hex(embedding) AS h FROM messages ORDER BY id').all() as { h: string }[]).map(
    (r) => r.h,
  );
}

describe('embedding determinism', () => {
  it('the same history gives byte-identical stored vectors, whether embedded on save or lazily later', async () => {
    const turns = [0, 2].map((i) => [
      { userId: 'u', sessionId: 's', role: 'user' as const, content: TEXTS[i] },
      { userId: 'u', sessionId: 's', role: 'assistant' as const, content: TEXTS[i + 1] },
    ]);
    const a = memoryStore();
    const b = memoryStore();
    const onSave = await strategyFor('semantic');
    for (const t of turns) await saveTurn(a.store, onSave, a.clock, t);
    // b: saved without the hook (like a bulk import), embedded on first retrieval by a fresh instance.
    for (const t of turns) b.store.saveAll(t);
    await (await strategyFor('semantic')).buildContext({
      store: b.store,
      clock: b.clock,
      userId: 'u',
      sessionId: 's',
      query: 'Lisbon',
      budgetTokens: 100,
    });
    expect(blobs(a.store).every((h) => h.length === 384 * 8)).toBe(true);
    expect(blobs(b.store)).toEqual(blobs(a.store));
  });
});
