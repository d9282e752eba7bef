import type Database from 'better-sqlite3';
import { MemevalError } from '../errors.js';

/** Bump when the schema changes and add a migration step from the previous version. */
export const SCHEMA_VERSION = 3;

const V1 = `
CREATE TABLE messages (
  id            INTEGER PRIMARY KEY,
  user_id       TEXT    NOT NULL,
  session_id    TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('user', 'assistant', 'summary')),
  content       TEXT    NOT NULL,
  token_count   INTEGER NOT NULL CHECK (token_count > 0),
  created_at_ms INTEGER NOT NULL,
  ext_id        TEXT,
  embedding     BLOB,
  embedder_id   TEXT
);
CREATE INDEX messages_user_session_time ON messages (user_id, session_id, created_at_ms, id);
CREATE INDEX messages_user_time ON messages (user_id, created_at_ms, id);

-- Which stored messages a summary message stands for, so evidence that survived
-- into a summary can be credited.
CREATE TABLE summary_covers (
  summary_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL,
  PRIMARY KEY (summary_id, message_id)
) WITHOUT ROWID;

CREATE TABLE profile (
  user_id       TEXT NOT NULL,
  key           TEXT NOT NULL,
  value         TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

-- Full-text index over user and assistant turns (summaries excluded), kept in
-- step by triggers. user_id is stored UNINDEXED so every search can filter on it.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content, user_id UNINDEXED, content='messages', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages WHEN new.role != 'summary' BEGIN
  INSERT INTO messages_fts (rowid, content, user_id) VALUES (new.id, new.content, new.user_id);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages WHEN old.role != 'summary' BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, user_id) VALUES ('delete', old.id, old.content, old.user_id);
END;
`;

/** Migrations indexed by the version they produce. */
/**
 * v2: reads of "this user's rows after id N" (incremental vector loads, the summary threshold
 * check on every save) walked the whole (user, time) index; this index answers them directly.
 */
const V2 = `CREATE INDEX messages_user_id ON messages (user_id, id);`;

/**
 * v3: a rolled-up summary covered the previous summary's ids plus its own chunk, and stored
 * them all again in summary_covers: compacting n messages wrote O(n²) cover rows (40 s at
 * 100k). A summary now stores only the ids it newly covers, plus a link to the summary it
 * rolled up; its cover is the union along the chain (ConversationStore.summaryCovers).
 * Summaries written before v3 have cumulative rows and no link, so they resolve unchanged,
 * and a v3 summary that rolls one of them up reaches its rows through the link.
 * The CHECK keeps the chain acyclic, so following it always ends. `previous_id` has no
 * ON DELETE action: deleting a summary that a newer one rolled up is refused rather than
 * silently shrinking the newer one's cover.
 */
const V3 = `
CREATE TABLE summary_rollups (
  summary_id  INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  previous_id INTEGER NOT NULL REFERENCES messages (id),
  CHECK (previous_id < summary_id)
);
`;

const MIGRATIONS: Record<number, string> = { 1: V1, 2: V2, 3: V3 };

/** `PRAGMA application_id` of databases memeval creates ("MEMV"); 0 is a database memeval made before it set one. */
export const MEMEVAL_APPLICATION_ID = 0x4d454d56;

/**
 * Refuses a database memeval did not create, using reads only — called before anything is
 * written, WAL mode included (switching a stranger's database to WAL rewrites its header and
 * leaves -wal/-shm files beside it). Another application's id, a schema newer than this build,
 * or tables without a memeval schema version are all refused with the file named.
 */
export function assertMemevalDatabase(db: Database.Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== 0 && appId !== MEMEVAL_APPLICATION_ID) {
    throw new MemevalError(
      'STORE_SCHEMA',
      `${file}: database belongs to another application (application_id ${appId}); refusing to modify a database memeval did not create`,
    );
  }
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new MemevalError(
      'STORE_SCHEMA',
      `${file}: database schema version ${current} is newer than this memeval supports (${SCHEMA_VERSION}); upgrade memeval`,
    );
  }
  const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
  if ((current === 0 && tables.size > 0) || (current > 0 && !tables.has('messages'))) {
    throw new MemevalError(
      'STORE_SCHEMA',
      `${file}: database has tables but no memeval schema; refusing to modify a database memeval did not create`,
    );
  }
}

/**
 * Brings a database to SCHEMA_VERSION. A newer database than this build knows is refused
 * rather than guessed at: writing to it could corrupt data another version relies on.
 */
export function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new MemevalError(
      'STORE_SCHEMA',
      `${file}: database schema version ${current} is newer than this memeval supports (${SCHEMA_VERSION}); upgrade memeval`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  if (current === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
    if (tables.n > 0) {
      throw new MemevalError(
        'STORE_SCHEMA',
        `${file}: database has tables but no memeval schema version; refusing to modify a database memeval did not create`,
      );
    }
  }
  const upgrade = db.transaction(() => {
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v}`);
    }
    db.pragma(`application_id = ${MEMEVAL_APPLICATION_ID}`);
  });
  upgrade.immediate();
}
