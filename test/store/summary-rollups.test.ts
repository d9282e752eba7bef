import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import type { ConversationStore } from '../../src/store/sqlite.js';
import { openStore, useTempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();

function turns(store: ConversationStore, userId: string, n: number): number[] {
  return store
    .saveAll(
      Array.from({ length: n }, (_, i) => ({
        userId,
        sessionId: 's',
        role: i % 2 ? ('assistant' as const) : ('user' as const),
        content: `${userId} turn ${i}`,
      })),
    )
    .map((m) => m.id);
}

describe('summary covers as a roll-up chain', () => {
  it('a roll-up covers its own ids plus everything the rolled-up summaries cover, and stores only its own', () => {
    const store = openStore(':memory:');
    const ids = turns(store, 'u', 6);
    const s1 = store.saveSummary({ userId: 'u', sessionId: 's', content: 'one' }, ids.slice(0, 2));
    const s2 = store.saveSummary({ userId: 'u', sessionId: 's', content: 'two' }, ids.slice(2, 4), s1.id);
    const s3 = store.saveSummary({ userId: 'u', sessionId: 's', content: 'three' }, ids.slice(4), s2.id);
    expect(store.summaryCovers('u', s3.id)).toEqual(ids);
    expect(store.summaryCovers('u', s2.id)).toEqual(ids.slice(0, 4));
    expect(store.summaryCoverEnd('u', s3.id)).toBe(ids[5]);
    expect(store.summaryCoverEnd('u', s1.id)).toBe(ids[1]);
    const stored = sqliteOf(store).prepare('SELECT count(*) AS n FROM summary_covers WHERE summary_id = ?').get(s3.id);
    expect(stored).toEqual({ n: 2 });
    expect(store.summaryCovers('other', s3.id)).toEqual([]);
    expect(store.summaryCoverEnd('other', s3.id)).toBeUndefined();
  });

  it('refuses to roll up another user’s summary, or a message that is not a summary, writing nothing', () => {
    const store = openStore(':memory:');
    const alice = turns(store, 'alice', 2);
    const bob = turns(store, 'bob', 2);
    const aliceSummary = store.saveSummary({ userId: 'alice', sessionId: 's', content: 'alice' }, alice);
    for (const rollsUp of [aliceSummary.id, bob[0]]) {
      const attempt = () => store.saveSummary({ userId: 'bob', sessionId: 's', content: 'bob' }, bob, rollsUp);
      expect(attempt).toThrow(MemevalError);
      expect(attempt).toThrow(new RegExp(`message ${rollsUp} is not a summary of user bob`));
    }
    expect(store.latestSummary('bob')).toBeUndefined();
  });

  it('a link into another user’s rows is cut when reading, even if written behind the store’s back', () => {
    const store = openStore(':memory:');
    const alice = turns(store, 'alice', 2);
    const bob = turns(store, 'bob', 2);
    const aliceSummary = store.saveSummary({ userId: 'alice', sessionId: 's', content: 'alice' }, alice);
    const bobSummary = store.saveSummary({ userId: 'bob', sessionId: 's', content: 'bob' }, bob);
    sqliteOf(store)
      .prepare('INSERT INTO summary_rollups (summary_id, previous_id) VALUES (?, ?)')
      .run(bobSummary.id, aliceSummary.id);
    expect(store.summaryCovers('bob', bobSummary.id)).toEqual(bob);
    expect(store.summaryCoverEnd('bob', bobSummary.id)).toBe(bob[1]);
  });

  it('refuses to delete a summary that a newer one rolled up', () => {
    const store = openStore(':memory:');
    const ids = turns(store, 'u', 4);
    const s1 = store.saveSummary({ userId: 'u', sessionId: 's', content: 'one' }, ids.slice(0, 2));
    store.saveSummary({ userId: 'u', sessionId: 's', content: 'two' }, ids.slice(2), s1.id);
    expect(() => sqliteOf(store).prepare('DELETE FROM messages WHERE id = ?').run(s1.id)).toThrow(/FOREIGN KEY/);
  });
});

describe('store migration to v3 (summary roll-up links)', () => {
  it('keeps version-2 summaries (cumulative covers, no links) resolving as before, and new roll-ups extend them', () => {
    const file = join(tempDir(), 'v2.db');
    const old = openStore(file);
    const ids = turns(old, 'u', 6);
    const other = turns(old, 'v', 2);
    // Version 2 stored every id a roll-up covered, the previous summary's included.
    const s1 = old.saveSummary({ userId: 'u', sessionId: 's', content: 'one' }, ids.slice(0, 2));
    const s2 = old.saveSummary({ userId: 'u', sessionId: 's', content: 'two' }, ids.slice(0, 4));
    old.saveSummary({ userId: 'v', sessionId: 's', content: 'v' }, other);
    sqliteOf(old).exec('DROP TABLE summary_rollups');
    sqliteOf(old).pragma('user_version = 2');
    old.close();

    const store = openStore(file);
    expect(sqliteOf(store).pragma('user_version', { simple: true })).toBe(3);
    expect(store.summaryCovers('u', s1.id)).toEqual(ids.slice(0, 2));
    expect(store.summaryCovers('u', s2.id)).toEqual(ids.slice(0, 4));
    expect(store.summaryCoverEnd('u', s2.id)).toBe(ids[3]);
    const s3 = store.saveSummary({ userId: 'u', sessionId: 's', content: 'three' }, ids.slice(4), s2.id);
    expect(store.summaryCovers('u', s3.id)).toEqual(ids);
    expect(store.summaryCovers('v', s3.id)).toEqual([]);
    store.close();
  });
});
