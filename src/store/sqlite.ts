import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MemevalError } from '../errors.js';
import type { Clock } from '../clock.js';
import { estimateCounter, type TokenCounter } from '../tokens.js';
import { assertMemevalDatabase, migrate } from './schema.js';
import type { EmbeddingRow, NewMessage, ReadScope, Role, StoredMessage } from './types.js';
import { scrubSecrets } from '../util/secrets.js';

export interface StoreOptions {
  /** Time source for `created_at_ms`; the store never reads wall time. */
  clock: Clock;
  tokenCounter?: TokenCounter;
  /** @default 5000 */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /**
   * `durable` (default) syncs WAL checkpoints to disk (`synchronous = NORMAL`: a killed process
   * loses nothing committed). `scratch` never calls fsync (`synchronous = OFF`): still safe against
   * a killed process, not against power loss — for a database thrown away after use, such as an
   * evaluation cell's, where fsync was most of the wall time (0.6 ms each, ~8 per cell).
   */
  durability?: 'durable' | 'scratch';
}

interface Row {
  id: number;
  user_id: string;
  session_id: string;
  role: Role;
  content: string;
  token_count: number;
  created_at_ms: number;
  ext_id: string | null;
  embedder_id: string | null;
}

const COLUMNS = 'id, user_id, session_id, role, content, token_count, created_at_ms, ext_id, embedder_id';
const DEFAULT_ROLES: readonly Role[] = ['user', 'assistant'];
/** Batches at least this large fill the FTS index in one statement (saveAll); a chat turn uses the trigger. */
export const BULK_FTS_MIN = 64;
const FTS_INSERT_TRIGGER = 'messages_fts_ai';
const STATEMENT_CACHE_MAX = 512;
/**
 * A summary (@summaryId) and, through summary_rollups, every summary it rolled up, newest
 * first. Each step re-checks @userId, so a link can never lead into another user's rows.
 */
const SUMMARY_CHAIN = `chain (id) AS (
  SELECT id FROM messages WHERE id = @summaryId AND user_id = @userId
  UNION ALL
  SELECT r.previous_id FROM chain
  JOIN summary_rollups r ON r.summary_id = chain.id
  JOIN messages p ON p.id = r.previous_id AND p.user_id = @userId
)`;

function toMessage(r: Row): StoredMessage {
  return {
    id: r.id,
    userId: r.user_id,
    sessionId: r.session_id,
    role: r.role,
    content: r.content,
    tokenCount: r.token_count,
    createdAtMs: r.created_at_ms,
    extId: r.ext_id,
    embedderId: r.embedder_id,
  };
}

/** The points inside a write where a subclass may step in (src/store/fault-injection.ts fails there). */
export type WriteStage = 'before-first-insert' | 'between-inserts';

/**
 * The conversation store. Every public read takes a userId and filters on it in SQL:
 * there is deliberately no method that reads across users.
 */
export class ConversationStore {
  readonly file: string;
  /** The SQLite handle stays inside: strategies see the MemoryStore interface, callers the methods. */
  private readonly db: Database.Database;
  readonly tokenCounter: TokenCounter;
  private readonly clock: Clock;
  private readonly stmts;
  private readonly statementCache = new Map<string, Database.Statement>();
  /** The file's identity when opened; null in memory. See assertOnDisk. */
  private readonly onDisk: { dev: number; ino: number } | null;

  constructor(file: string, options: StoreOptions) {
    this.file = file;
    this.clock = options.clock;
    this.tokenCounter = options.tokenCounter ?? estimateCounter;
    try {
      this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    } catch (err) {
      throw openError(file, err);
    }
    try {
      // Before WAL: refusing a stranger's database must leave it exactly as it was.
      assertMemevalDatabase(this.db, file);
      if (file !== ':memory:' && !options.readonly) this.db.pragma('journal_mode = WAL');
      this.db.pragma(options.durability === 'scratch' ? 'synchronous = OFF' : 'synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
    } catch (err) {
      this.db.close();
      throw err instanceof MemevalError ? err : openError(file, err);
    }
    try {
      migrate(this.db, file);
    } catch (err) {
      this.db.close();
      throw err instanceof MemevalError ? err : openError(file, err);
    }
    const stat = file === ':memory:' || file === '' ? undefined : statSync(file, { throwIfNoEntry: false });
    this.onDisk = stat ? { dev: stat.dev, ino: stat.ino } : null;
    const db = this.db;
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO messages (user_id, session_id, role, content, token_count, created_at_ms, ext_id)
         VALUES (@userId, @sessionId, @role, @content, @tokenCount, @createdAtMs, @extId)`,
      ),
      // The FTS insert trigger, by its stored SQL (see saveAll): dropped and re-made around a bulk batch.
      ftsTrigger: db
        .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '${FTS_INSERT_TRIGGER}'`)
        .pluck(),
      // Same rows and condition as the trigger, for a whole batch in one statement.
      ftsFill: db.prepare(
        `INSERT INTO messages_fts (rowid, content, user_id) SELECT id, content, user_id FROM messages WHERE id BETWEEN ? AND ? AND role != 'summary'`,
      ),
      otherUser: db.prepare(
        `SELECT 1 FROM messages WHERE user_id < ? UNION ALL SELECT 1 FROM messages WHERE user_id > ? LIMIT 1`,
      ),
      setEmbedding: db.prepare(`UPDATE messages SET embedding = ?, embedder_id = ? WHERE id = ? AND user_id = ?`),
      insertCover: db.prepare(`INSERT OR IGNORE INTO summary_covers (summary_id, message_id) VALUES (?, ?)`),
      insertRollup: db.prepare(`INSERT INTO summary_rollups (summary_id, previous_id) VALUES (?, ?)`),
      isSummaryOf: db.prepare(`SELECT 1 FROM messages WHERE id = ? AND user_id = ? AND role = 'summary'`),
      coverEnd: db.prepare(
        `WITH RECURSIVE ${SUMMARY_CHAIN}
         SELECT max((SELECT max(message_id) FROM summary_covers WHERE summary_id = chain.id)) AS id FROM chain`,
      ),
      covers: db.prepare(
        `WITH RECURSIVE ${SUMMARY_CHAIN}
         SELECT DISTINCT c.message_id AS id FROM chain JOIN summary_covers c ON c.summary_id = chain.id ORDER BY c.message_id`,
      ),
      setProfile: db.prepare(
        `INSERT INTO profile (user_id, key, value, updated_at_ms) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms`,
      ),
      getProfile: db.prepare(`SELECT key, value FROM profile WHERE user_id = ? ORDER BY key`),
      deleteProfile: db.prepare(`DELETE FROM profile WHERE user_id = ? AND key = ?`),
    };
  }

  /**
   * A prepared statement for SQL built at run time (scope filters, id lists), reused by text:
   * preparing on every read was ~4% of a LoCoMo run. Bounded, since id-list SQL varies in length.
   */
  private prepared(sql: string): Database.Statement {
    let st = this.statementCache.get(sql);
    if (!st) {
      if (this.statementCache.size >= STATEMENT_CACHE_MAX) this.statementCache.clear();
      st = this.db.prepare(sql);
      this.statementCache.set(sql, st);
    }
    return st;
  }

  /** False once closed (or after SQLite closed it); a caller then opens a new store. */
  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Called inside a write's transaction at each stage; does nothing here. A subclass that throws
   * from it proves that a failed write leaves nothing half-written (FaultInjectingStore).
   */
  protected beforeWrite(_stage: WriteStage): void {}

  /**
   * SQLite keeps writing to a database file that was deleted (or replaced) while open: the writes
   * land in an unlinked inode and vanish when the process ends. Checked before every write, so
   * the loss is an error — the store closes, and the chatbot warns, keeps the turn and writes it
   * to a new file on the next turn — instead of turns silently swallowed.
   * @throws MemevalError STORE_UNAVAILABLE naming the file.
   */
  private assertOnDisk(): void {
    if (!this.onDisk) return;
    const now = statSync(this.file, { throwIfNoEntry: false });
    if (now && now.ino === this.onDisk.ino && now.dev === this.onDisk.dev) return;
    this.db.close();
    throw new MemevalError(
      'STORE_UNAVAILABLE',
      `${this.file}: the database file was ${now ? 'replaced' : 'deleted'} while open; what was stored in it is gone and new turns would be lost with it`,
    );
  }

  private insertOne(m: NewMessage): StoredMessage {
    if (!m.userId) throw new MemevalError('BAD_INPUT', 'message has an empty userId');
    if (!m.sessionId) throw new MemevalError('BAD_INPUT', 'message has an empty sessionId');
    if (m.content.trim() === '') {
      throw new MemevalError('EMPTY_MESSAGE', `empty ${m.role} message for user ${m.userId} refused`);
    }
    const row = {
      userId: m.userId,
      sessionId: m.sessionId,
      role: m.role,
      // The database is an output too: no secret of the process is stored, whoever typed or echoed it.
      content: scrubSecrets(m.content),
      tokenCount: m.tokenCount ?? this.tokenCounter.count(m.content),
      createdAtMs: m.createdAtMs ?? this.clock.nowMs(),
      extId: m.extId ?? null,
    };
    // The stored row is exactly what was bound, so it is built here rather than read back with
    // RETURNING (which cost ~a third of bulk ingest).
    const id = Number(this.stmts.insert.run(row).lastInsertRowid);
    return { id, ...row, embedderId: null };
  }

  /**
   * Saves messages in one immediate transaction: all or none. Used for a chat turn
   * (user + reply, so a failure never leaves two user turns in a row) and for bulk ingest.
   *
   * A batch of BULK_FTS_MIN or more fills the full-text index with one INSERT … SELECT after
   * its rows instead of the per-row trigger (measured ~4× faster for 100k messages): the
   * trigger is dropped and re-made from its stored SQL inside the same transaction, so other
   * connections never see it missing and a failure rolls it back with the rows.
   */
  saveAll(messages: readonly NewMessage[]): StoredMessage[] {
    this.assertOnDisk();
    const run = this.db.transaction((batch: readonly NewMessage[]) => {
      this.beforeWrite('before-first-insert');
      const trigger = batch.length >= BULK_FTS_MIN ? (this.stmts.ftsTrigger.get() as string | undefined) : undefined;
      if (trigger) this.db.exec(`DROP TRIGGER ${FTS_INSERT_TRIGGER}`);
      const out: StoredMessage[] = [];
      for (let i = 0; i < batch.length; i++) {
        if (i === 1) this.beforeWrite('between-inserts');
        out.push(this.insertOne(batch[i]));
      }
      if (trigger) {
        // Ids are contiguous: the immediate transaction holds the write lock for the whole batch.
        this.stmts.ftsFill.run(out[0].id, out[out.length - 1].id);
        this.db.exec(trigger);
      }
      return out;
    });
    try {
      return run.immediate(messages);
    } catch (err) {
      if (err instanceof MemevalError) throw err;
      throw new MemevalError('STORE_WRITE_FAILED', `${this.file}: write failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  save(message: NewMessage): StoredMessage {
    return this.saveAll([message])[0];
  }

  /**
   * Stores a summary message in one transaction with the ids it newly covers and, for a
   * roll-up, the summary it rolled up (`rollsUpId`, a summary of the same user), whose cover
   * it inherits. Storing only the new ids keeps compaction linear in the history.
   */
  saveSummary(message: Omit<NewMessage, 'role'>, newIds: readonly number[], rollsUpId?: number): StoredMessage {
    this.assertOnDisk();
    return this.db.transaction(() => this.insertSummary(message, newIds, rollsUpId)).immediate();
  }

  /**
   * `saveSummary` as a compare-and-set: stores the summary only if the latest summary of the
   * scope (`latestSummary(userId, scopeSessionId)`) is still `rollsUpId` (none when undefined),
   * and returns undefined otherwise. Compaction reads the latest summary, awaits a summariser,
   * then saves; a process chatting as the same user may have compacted in between, and saving
   * anyway would fork the chain and summarise the same messages twice. The check and the write
   * share one immediate transaction, so no other writer can slip between them.
   *
   * The new summary's time is never before the one it rolls up, so it is the latest by the
   * order `latestSummary` reads, even when clocks of two processes disagree.
   */
  saveSummaryIfLatest(
    message: Omit<NewMessage, 'role'>,
    newIds: readonly number[],
    expect: { rollsUpId?: number; scopeSessionId?: string },
  ): StoredMessage | undefined {
    this.assertOnDisk();
    const run = this.db.transaction(() => {
      const latest = this.latestSummary(message.userId, expect.scopeSessionId);
      if (latest?.id !== expect.rollsUpId) return undefined;
      const createdAtMs = Math.max(message.createdAtMs ?? this.clock.nowMs(), latest?.createdAtMs ?? -Infinity);
      return this.insertSummary({ ...message, createdAtMs }, newIds, expect.rollsUpId);
    });
    return run.immediate();
  }

  /** The writes of a summary; callers hold the transaction. */
  private insertSummary(
    message: Omit<NewMessage, 'role'>,
    newIds: readonly number[],
    rollsUpId: number | undefined,
  ): StoredMessage {
    if (rollsUpId !== undefined && this.stmts.isSummaryOf.get(rollsUpId, message.userId) === undefined) {
      throw new MemevalError(
        'BAD_INPUT',
        `message ${rollsUpId} is not a summary of user ${message.userId}; a summary can only roll up that user's own`,
      );
    }
    const stored = this.insertOne({ ...message, role: 'summary' });
    if (rollsUpId !== undefined) this.stmts.insertRollup.run(stored.id, rollsUpId);
    for (const id of newIds) this.stmts.insertCover.run(stored.id, id);
    return stored;
  }

  /** Ids a summary stands for (its own and, transitively, those of the summaries it rolled up), ascending. */
  summaryCovers(userId: string, summaryId: number): number[] {
    return (this.stmts.covers.all({ summaryId, userId }) as { id: number }[]).map((r) => r.id);
  }

  /**
   * The largest id in `summaryCovers(userId, summaryId)` without reading the cover: one index
   * seek per summary in the chain. Undefined when it covers nothing (or is not this user's).
   */
  summaryCoverEnd(userId: string, summaryId: number): number | undefined {
    return (this.stmts.coverEnd.get({ summaryId, userId }) as { id: number | null }).id ?? undefined;
  }

  private where(userId: string, scope: ReadScope): { sql: string; params: unknown[] } {
    const roles = scope.roles ?? DEFAULT_ROLES;
    const parts = ['user_id = ?', `role IN (${roles.map(() => '?').join(', ')})`];
    const params: unknown[] = [userId, ...roles];
    if (scope.sessionId !== undefined) {
      parts.push('session_id = ?');
      params.push(scope.sessionId);
    }
    if (scope.afterId !== undefined) {
      parts.push('id > ?');
      params.push(scope.afterId);
    }
    return { sql: parts.join(' AND '), params };
  }

  /** Newest first, at most `limit`, optionally before a message id (for paging backwards). */
  recent(userId: string, scope: ReadScope & { limit: number; beforeId?: number }): StoredMessage[] {
    const w = this.where(userId, scope);
    let sql = `SELECT ${COLUMNS} FROM messages WHERE ${w.sql}`;
    const params = [...w.params];
    if (scope.beforeId !== undefined) {
      sql += ' AND id < ?';
      params.push(scope.beforeId);
    }
    sql += ' ORDER BY created_at_ms DESC, id DESC LIMIT ?';
    params.push(scope.limit);
    return (this.prepared(sql).all(...params) as Row[]).map(toMessage);
  }

  /** All matching messages, oldest first. */
  history(userId: string, scope: ReadScope = {}): StoredMessage[] {
    const w = this.where(userId, scope);
    const sql = `SELECT ${COLUMNS} FROM messages WHERE ${w.sql} ORDER BY created_at_ms, id`;
    return (this.prepared(sql).all(...w.params) as Row[]).map(toMessage);
  }

  /** The given ids that belong to this user, oldest first; ids of other users are silently absent. */
  byIds(userId: string, ids: readonly number[]): StoredMessage[] {
    if (ids.length === 0) return [];
    const out: StoredMessage[] = [];
    // Chunk to stay under SQLite's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      // `+user_id` keeps the planner on rowid look-ups: with the user index it scans every row of
      // the user (measured: ~7 ms at 100k messages) instead of fetching the few ids asked for.
      const sql = `SELECT ${COLUMNS} FROM messages WHERE +user_id = ? AND id IN (${chunk.map(() => '?').join(',')})`;
      out.push(...(this.prepared(sql).all(userId, ...chunk) as Row[]).map(toMessage));
    }
    return out.sort((a, b) => a.createdAtMs - b.createdAtMs || a.id - b.id);
  }

  /** Stored ids of this user's messages carrying the given extIds (scenario turn ids, dataset dia_ids). */
  idsByExtId(userId: string, extIds: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < extIds.length; i += 500) {
      const chunk = extIds.slice(i, i + 500);
      const sql = `SELECT id, ext_id FROM messages WHERE user_id = ? AND ext_id IN (${chunk.map(() => '?').join(',')}) ORDER BY id`;
      for (const r of this.prepared(sql).all(userId, ...chunk) as { id: number; ext_id: string }[]) {
        if (!out.has(r.ext_id)) out.set(r.ext_id, r.id);
      }
    }
    return out;
  }

  tokenTotal(userId: string, scope: ReadScope = {}): number {
    const w = this.where(userId, scope);
    const row = this.prepared(`SELECT coalesce(sum(token_count), 0) AS n FROM messages WHERE ${w.sql}`).get(
      ...w.params,
    ) as { n: number };
    return row.n;
  }

  /** The newest summary message of a user (optionally of one session), if any. */
  latestSummary(userId: string, sessionId?: string): StoredMessage | undefined {
    return this.recent(userId, { roles: ['summary'], sessionId, limit: 1 })[0];
  }

  sessions(userId: string): { sessionId: string; firstMs: number; lastMs: number; messages: number }[] {
    return this.prepared(
      `SELECT session_id AS sessionId, min(created_at_ms) AS firstMs, max(created_at_ms) AS lastMs, count(*) AS messages
         FROM messages WHERE user_id = ? GROUP BY session_id ORDER BY firstMs`,
    ).all(userId) as { sessionId: string; firstMs: number; lastMs: number; messages: number }[];
  }

  /**
   * BM25 full-text search over one user's turns. The query is turned into an OR of quoted
   * terms so user text can never be parsed as FTS5 syntax.
   */
  searchText(userId: string, query: string, limit: number, sessionId?: string): { id: number; score: number }[] {
    const terms = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
    if (terms.length === 0) return [];
    const match = terms.map((t) => `"${t}"`).join(' OR ');
    // One snapshot for the sole-user check and the search, so a row another process writes in
    // between can never slip past the filter.
    const read = this.db.transaction(() => {
      // The user_id filter reads each match's user_id from the content table (~45% of a search);
      // when the store holds no other user's messages it cannot remove anything, so skip it.
      const filter = sessionId !== undefined || !this.soleUser(userId);
      let sql = `SELECT f.rowid AS id, bm25(messages_fts) AS score FROM messages_fts f`;
      const params: unknown[] = [match];
      sql += sessionId !== undefined ? ` JOIN messages m ON m.id = f.rowid` : '';
      sql += ` WHERE messages_fts MATCH ?`;
      if (filter) {
        sql += ' AND f.user_id = ?';
        params.push(userId);
      }
      if (sessionId !== undefined) {
        sql += ' AND m.session_id = ?';
        params.push(sessionId);
      }
      sql += ' ORDER BY score LIMIT ?';
      params.push(limit);
      return this.prepared(sql).all(...params) as { id: number; score: number }[];
    });
    // bm25() is lower-is-better; flip it so callers can sort descending like cosine.
    return read().map((r) => ({ id: r.id, score: -r.score }));
  }

  /** Whether every stored message belongs to this user: two index seeks, not a scan. */
  private soleUser(userId: string): boolean {
    return this.stmts.otherUser.get(userId, userId) === undefined;
  }

  setEmbeddings(userId: string, embedderId: string, rows: readonly EmbeddingRow[]): void {
    const run = this.db.transaction(() => {
      for (const r of rows) {
        const v = r.vector;
        this.stmts.setEmbedding.run(Buffer.from(v.buffer, v.byteOffset, v.byteLength), embedderId, r.id, userId);
      }
    });
    run.immediate();
  }

  /** Stored vectors of one user made by one embedder, oldest first; `afterId` makes loading incremental. */
  embeddings(userId: string, embedderId: string, scope: ReadScope = {}): EmbeddingRow[] {
    const w = this.where(userId, scope);
    const sql = `SELECT id, embedding FROM messages WHERE ${w.sql} AND embedder_id = ? AND embedding IS NOT NULL ORDER BY id`;
    const rows = this.prepared(sql).all(...w.params, embedderId) as { id: number; embedding: Buffer }[];
    return rows.map((r) => ({ id: r.id, vector: blobToFloat32(r.embedding) }));
  }

  /** Messages of a user that have no vector from this embedder yet (to embed after a restart or a switch). */
  unembedded(userId: string, embedderId: string, scope: ReadScope = {}): StoredMessage[] {
    const w = this.where(userId, scope);
    const sql = `SELECT ${COLUMNS} FROM messages WHERE ${w.sql} AND (embedder_id IS NULL OR embedder_id != ?) ORDER BY id`;
    return (this.prepared(sql).all(...w.params, embedderId) as Row[]).map(toMessage);
  }

  /**
   * The user's largest message id (0 for none): a cheap check, on the (user_id, id) index, of
   * whether anything was written for the user since a cache was last refreshed.
   */
  highWaterId(userId: string): number {
    return (
      this.prepared('SELECT coalesce(max(id), 0) AS id FROM messages WHERE user_id = ?').get(userId) as { id: number }
    ).id;
  }

  setProfile(userId: string, key: string, value: string): void {
    this.assertOnDisk();
    this.stmts.setProfile.run(userId, key, scrubSecrets(value), this.clock.nowMs());
  }

  deleteProfile(userId: string, key: string): void {
    this.stmts.deleteProfile.run(userId, key);
  }

  profile(userId: string): Record<string, string> {
    const rows = this.stmts.getProfile.all(userId) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Copies when the buffer is misaligned: a Float32Array view needs a 4-byte aligned offset. */
export function blobToFloat32(b: Buffer): Float32Array {
  if (b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  return new Float32Array(new Uint8Array(b).buffer);
}

function openError(file: string, err: unknown): MemevalError {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_NOTADB') {
    return new MemevalError('STORE_NOT_SQLITE', `${file}: not an SQLite database`, { cause: err });
  }
  return new MemevalError('STORE_UNAVAILABLE', `${file}: cannot open store: ${e.message ?? String(err)}`, {
    cause: err,
  });
}
