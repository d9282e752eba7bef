import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { FaultInjectingStore } from '../../src/store/fault-injection.js';
import { BULK_FTS_MIN } from '../../src/store/sqlite.js';
import { openStore, useTempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();

const batch = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    userId: 'u',
    sessionId: 's',
    role: (i % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant',
    content: `note ${from + i} word${from + i}`,
  }));

describe('bulk saveAll fills the full-text index in one statement', () => {
  it('indexes every row of a large batch, keeps the trigger for later small saves, and reads back what it returned', () => {
    const store = openStore(join(tempDir(), 'b.db'));
    const saved = store.saveAll(batch(BULK_FTS_MIN * 2));
    expect(store.history('u')).toEqual(saved);
    expect(store.searchText('u', `word${BULK_FTS_MIN + 3}`, 5).map((r) => r.id)).toEqual([saved[BULK_FTS_MIN + 3].id]);
    expect(store.searchText('u', 'note', 1000)).toHaveLength(BULK_FTS_MIN * 2);
    const [small] = store.saveAll(batch(2, 10_000));
    expect(store.searchText('u', 'word10000', 5).map((r) => r.id)).toEqual([small.id]);
    const triggers = sqliteOf(store)
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
      .pluck()
      .all();
    expect(triggers).toEqual(['messages_fts_ad', 'messages_fts_ai']);
  });

  it('rolls back rows, index entries and the trigger together when a large batch fails', () => {
    const store = new FaultInjectingStore(join(tempDir(), 'f.db'), { clock: new ManualClock(Date.UTC(2024, 0, 1)) });
    store.armWriteFault('between-inserts');
    expect(() => store.saveAll(batch(BULK_FTS_MIN))).toThrow();
    expect(store.history('u')).toEqual([]);
    expect(store.searchText('u', 'note', 10)).toEqual([]);
    store.saveAll(batch(1));
    expect(store.searchText('u', 'note', 10)).toHaveLength(1);
  });
});
