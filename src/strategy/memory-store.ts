import type { EmbeddingRow, NewMessage, ReadScope, StoredMessage } from '../store/types.js';

/**
 * What a strategy may do with the conversation store, and nothing more: every operation names
 * the user and reads or writes only that user's rows (the SQLite store filters on the user id in
 * SQL). Strategies get the store as this interface, so a strategy cannot reach the database
 * handle, another user's rows, or the store's lifecycle (open, close, profile, fault seams).
 */
export interface MemoryStore {
  /** The user's messages in id order (user and assistant turns unless `roles` says otherwise). */
  history(userId: string, scope?: ReadScope): StoredMessage[];
  /** The user's newest messages first, `limit` of them, optionally only before `beforeId`. */
  recent(userId: string, scope: ReadScope & { limit: number; beforeId?: number }): StoredMessage[];
  /** The user's messages among `ids`, in id order; ids of other users are not returned. */
  byIds(userId: string, ids: readonly number[]): StoredMessage[];
  /** Sum of the stored token counts of the user's messages in scope. */
  tokenTotal(userId: string, scope?: ReadScope): number;
  /** BM25 full-text hits among the user's messages, best first. */
  searchText(userId: string, query: string, limit: number, sessionId?: string): { id: number; score: number }[];

  /** Stores a summary of the message's user, covering `newIds` and, for a roll-up, the summary `rollsUpId`. */
  saveSummary(message: Omit<NewMessage, 'role'>, newIds: readonly number[], rollsUpId?: number): StoredMessage;
  /**
   * `saveSummary` as a compare-and-set: saved only if the scope's latest summary is still
   * `expect.rollsUpId` (none when undefined), else undefined. Compaction that awaits a summariser
   * between reading and saving must use this, or concurrent writers fork the chain.
   */
  saveSummaryIfLatest(
    message: Omit<NewMessage, 'role'>,
    newIds: readonly number[],
    expect: { rollsUpId?: number; scopeSessionId?: string },
  ): StoredMessage | undefined;
  latestSummary(userId: string, sessionId?: string): StoredMessage | undefined;
  /** Every message id a summary of the user covers, through its roll-ups. */
  summaryCovers(userId: string, summaryId: number): number[];
  /** The largest message id a summary of the user covers. */
  summaryCoverEnd(userId: string, summaryId: number): number | undefined;

  setEmbeddings(userId: string, embedderId: string, rows: readonly EmbeddingRow[]): void;
  embeddings(userId: string, embedderId: string, scope?: ReadScope): EmbeddingRow[];
  /** The user's messages in scope without a vector from this embedder. */
  unembedded(userId: string, embedderId: string, scope?: ReadScope): StoredMessage[];
  /** The user's largest message id (0 for none): a cheap check of whether anything was written since. */
  highWaterId(userId: string): number;
}
