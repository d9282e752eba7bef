import type Database from 'better-sqlite3';
import type { ConversationStore } from '../../src/store/sqlite.js';

/**
 * The SQLite handle a store keeps private. Only tests that check what SQLite itself holds
 * (schema, pragmas, triggers, integrity) or that break the file on purpose reach under the
 * store's methods, and they say so by calling this.
 */
export function sqliteOf(store: ConversationStore): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}
