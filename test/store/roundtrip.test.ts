import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { MemevalError } from '../../src/errors.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { openStore, useTempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();

const NASTY = [
  `'; DROP TABLE messages; --`,
  `Robert"); DELETE FROM profile; --`,
  'emoji 🧠💾🚀 and ünïcödé',
  'semi;colons;everywhere;',
  'line one\nline two\r\nline three',
  '\u0001\u0002\u0007 binary-looking \u00ff\u00fe text',
  `back\\slash and 'single' and "double" quotes`,
];

describe('store round trip', () => {
  it('saves and reads back ids and text with quotes, SQL, emoji and newlines unchanged', () => {
    const store = openStore(join(tempDir(), 'm.db'));
    for (const text of NASTY) {
      const userId = `user ${text}`;
      const sessionId = `session ${text}`;
      const saved = store.save({ userId, sessionId, role: 'user', content: text });
      const [read] = store.history(userId, { sessionId });
      expect(read).toEqual(saved);
      expect(read.content).toBe(text);
      expect(read.userId).toBe(userId);
      store.setProfile(userId, text, text);
      expect(store.profile(userId)).toEqual({ [text]: text });
    }
    expect(sqliteOf(store).prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: NASTY.length });
    store.close();
  });

  it('stores the clock time and the estimated token count, never 0', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const store = openStore(':memory:', clock);
    const a = store.save({ userId: 'u', sessionId: 's', role: 'user', content: 'hi' });
    clock.advance(3_600_000);
    const b = store.save({ userId: 'u', sessionId: 's', role: 'assistant', content: 'x'.repeat(41) });
    expect(a.createdAtMs).toBe(1_700_000_000_000);
    expect(b.createdAtMs).toBe(1_700_003_600_000);
    expect(a.tokenCount).toBe(1);
    expect(b.tokenCount).toBe(11);
    expect(store.tokenTotal('u')).toBe(12);
  });

  it('refuses empty and whitespace-only messages with a clear error', () => {
    const store = openStore(':memory:');
    for (const content of ['', '   ', '\n\t']) {
      expect(() => store.save({ userId: 'u', sessionId: 's', role: 'user', content })).toThrow(/empty user message/);
    }
    expect(store.history('u')).toEqual([]);
  });

  it('stores vectors as Float32 blobs and reads them back exactly', () => {
    const store = openStore(':memory:');
    const m = store.save({ userId: 'u', sessionId: 's', role: 'user', content: 'hello' });
    const v = new Float32Array([0.25, -1.5, 3.125]);
    store.setEmbeddings('u', 'test-emb', [{ id: m.id, vector: v }]);
    expect(store.embeddings('u', 'test-emb')).toEqual([{ id: m.id, vector: v }]);
    expect(store.embeddings('u', 'other-emb')).toEqual([]);
    expect(store.unembedded('u', 'other-emb').map((x) => x.id)).toEqual([m.id]);
  });

  it('keeps summaries apart from turns and records the ids they cover', () => {
    const store = openStore(':memory:');
    const a = store.save({ userId: 'u', sessionId: 's', role: 'user', content: 'My sister is Ophelia.' });
    const s = store.saveSummary({ userId: 'u', sessionId: 's', content: 'Sister: Ophelia.' }, [a.id]);
    expect(store.history('u').map((m) => m.id)).toEqual([a.id]);
    expect(store.latestSummary('u')?.id).toBe(s.id);
    expect(store.summaryCovers('u', s.id)).toEqual([a.id]);
    expect(store.summaryCovers('other', s.id)).toEqual([]);
  });
});

describe('store isolation', () => {
  it('never returns user A rows to user B through any public read', () => {
    const store = openStore(':memory:');
    const a = store.saveAll([
      { userId: 'alice', sessionId: 'shared-session', role: 'user', content: 'My locker code is 4471.' },
      { userId: 'alice', sessionId: 'shared-session', role: 'assistant', content: 'Noted, locker code 4471.' },
    ]);
    store.setEmbeddings(
      'alice',
      'e',
      a.map((m) => ({ id: m.id, vector: new Float32Array([1, 0]) })),
    );
    store.setProfile('alice', 'locker', '4471');
    const sum = store.saveSummary({ userId: 'alice', sessionId: 'shared-session', content: 'locker 4471' }, [a[0].id]);
    store.save({ userId: 'bob', sessionId: 'shared-session', role: 'user', content: 'What is my locker code?' });

    const ids = a.map((m) => m.id);
    const bobReads = [
      store.history('bob'),
      store.history('bob', { sessionId: 'shared-session', roles: ['user', 'assistant', 'summary'] }),
      store.recent('bob', { limit: 100, roles: ['user', 'assistant', 'summary'] }),
      store.byIds('bob', [...ids, sum.id]),
      store.unembedded('bob', 'e'),
    ].flat();
    expect(bobReads.every((m) => m.userId === 'bob')).toBe(true);
    expect(JSON.stringify(bobReads)).not.toContain('4471');
    expect(store.searchText('bob', 'locker code 4471', 10).map((r) => r.id)).not.toEqual(
      expect.arrayContaining([ids[0]]),
    );
    expect(store.searchText('bob', '4471', 10)).toEqual([]);
    expect(store.embeddings('bob', 'e')).toEqual([]);
    expect(store.profile('bob')).toEqual({});
    expect(store.latestSummary('bob')).toBeUndefined();
    expect(store.summaryCovers('bob', sum.id)).toEqual([]);
    expect(store.tokenTotal('bob')).toBe(store.history('bob')[0].tokenCount);
    expect(store.sessions('bob')).toHaveLength(1);
    // Writing a vector for another user's message id is a no-op.
    store.setEmbeddings('bob', 'e2', [{ id: ids[0], vector: new Float32Array([0, 1]) }]);
    expect(store.embeddings('alice', 'e2')).toEqual([]);
  });

  it('full-text search treats user text as terms, never as FTS syntax', () => {
    const store = openStore(':memory:');
    store.save({ userId: 'u', sessionId: 's', role: 'user', content: 'I adopted a cat named "Miso" (tabby).' });
    for (const q of ['"Miso', 'cat AND NOT dog', 'NEAR(cat miso)', '*', 'miso)) OR ((', "'; DROP TABLE messages; --"]) {
      expect(() => store.searchText('u', q, 5)).not.toThrow();
    }
    expect(store.searchText('u', 'what is my cats name, miso?', 5)).toHaveLength(1);
  });
});

describe('store schema', () => {
  it('refuses a database from a newer memeval', () => {
    const file = join(tempDir(), 'new.db');
    const s = openStore(file);
    sqliteOf(s).pragma('user_version = 99');
    s.close();
    expect(() => openStore(file)).toThrow(/schema version 99 is newer/);
  });

  it('refuses to touch a database memeval did not create', async () => {
    const file = join(tempDir(), 'foreign.db');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER)');
    db.close();
    expect(() => openStore(file)).toThrow(/did not create/);
  });

  it('says clearly when the file is not SQLite', async () => {
    const file = join(tempDir(), 'notes.db');
    (await import('node:fs')).writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const err = (() => {
      try {
        openStore(file);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('STORE_NOT_SQLITE');
    expect((err as Error).message).toContain(file);
  });

  it('uses WAL mode', () => {
    const s = openStore(join(tempDir(), 'wal.db'));
    expect(sqliteOf(s).pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

describe('store migration', () => {
  it('upgrades a version-1 database in place, keeping its rows', async () => {
    const file = join(tempDir(), 'v1.db');
    const s = openStore(file);
    s.save({ userId: 'u', sessionId: 's', role: 'user', content: 'kept across the upgrade' });
    // What v2 and later added, so the file is shaped as a version-1 database.
    sqliteOf(s).exec('DROP TABLE summary_rollups; DROP INDEX messages_user_id');
    sqliteOf(s).pragma('user_version = 1');
    s.close();
    const upgraded = openStore(file);
    expect(sqliteOf(upgraded).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.history('u').map((m) => m.content)).toEqual(['kept across the upgrade']);
    const plan = sqliteOf(upgraded)
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM messages WHERE user_id = ? AND id > ?`)
      .all('u', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('messages_user_id');
    upgraded.close();
  });
});
