import type { Embedder } from '../embedders/types.js';
import type { Role, StoredMessage } from '../store/types.js';
import { VectorIndex, type Hit, type VectorIndexOptions } from '../vector/index.js';
import type { MemoryStore } from './memory-store.js';
import type { SaveEvent, Scope } from './types.js';

export interface VectorMemoryOptions {
  /** Which turns get vectors: both (facts the assistant stated count too) or the user's only. */
  roles: readonly Role[];
  scope: Scope;
  index?: VectorIndexOptions;
}

interface Entry {
  index: VectorIndex | null;
  /**
   * The store's high-water id when the index last held every vector of this user with an id
   * up to it (−1: never loaded). A refresh reads only rows past it; equal means nothing to read.
   */
  completeUpTo: number;
}

const EMBED_BATCH = 64;

/**
 * Message vectors for the semantic and hybrid strategies: embedded on save, stored as Float32
 * BLOBs through the store, and held per user (or per session with scope=session) in an
 * in-memory VectorIndex that is loaded once and then refreshed incrementally by id. Rows
 * without a vector from this embedder (after a restart with another embedder, or written by a
 * process that did not embed) are embedded lazily on the next search.
 */
export class VectorMemory {
  /** Keyed by store handle: a reopened store (after an outage) reloads, which is correct and rare. */
  private readonly caches = new WeakMap<MemoryStore, Map<string, Entry>>();

  constructor(
    readonly embedder: Embedder,
    private readonly options: VectorMemoryOptions,
  ) {}

  private key(userId: string, sessionId: string): string {
    return this.options.scope === 'session' ? `${userId}\u0000${sessionId}` : userId;
  }

  private entry(store: MemoryStore, userId: string, sessionId: string): Entry {
    let byKey = this.caches.get(store);
    if (!byKey) this.caches.set(store, (byKey = new Map()));
    const key = this.key(userId, sessionId);
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { index: null, completeUpTo: -1 }));
    return e;
  }

  private addRows(e: Entry, rows: readonly { id: number; vector: Float32Array }[]): void {
    for (const r of rows) {
      if (!e.index) e.index = new VectorIndex(r.vector.length, this.options.index);
      e.index.add(r.id, r.vector);
    }
  }

  /** Embeds and stores the given messages (those of the configured roles); returns the rows written. */
  private async embedMessages(
    store: MemoryStore,
    userId: string,
    messages: readonly StoredMessage[],
  ): Promise<{ id: number; vector: Float32Array }[]> {
    const todo = messages.filter((m) => this.options.roles.includes(m.role));
    const rows: { id: number; vector: Float32Array }[] = [];
    for (let i = 0; i < todo.length; i += EMBED_BATCH) {
      const batch = todo.slice(i, i + EMBED_BATCH);
      const vectors = await this.embedder.embed(batch.map((m) => m.content));
      const written = batch.map((m, j) => ({ id: m.id, vector: vectors[j] }));
      store.setEmbeddings(userId, this.embedder.id, written);
      rows.push(...written);
    }
    return rows;
  }

  /** The save hook: embed the new turns and, if this user's vectors are cached, append them. */
  async onSave(event: SaveEvent): Promise<void> {
    const rows = await this.embedMessages(event.store, event.userId, event.messages);
    const e = this.caches.get(event.store)?.get(this.key(event.userId, event.sessionId));
    if (!e?.index) return;
    this.addRows(e, rows);
    // If nothing else was written between the last check and this turn, the cache is still
    // complete, and the next search can skip the refresh queries (which scan the user's rows).
    const ids = event.messages.map((m) => m.id);
    if (e.completeUpTo === Math.min(...ids) - 1 && event.store.highWaterId(event.userId) === Math.max(...ids))
      e.completeUpTo = Math.max(...ids);
  }

  /** Brings the cached index up to date: embed what lacks a vector, then load vectors others wrote. */
  async refresh(store: MemoryStore, userId: string, sessionId: string): Promise<VectorIndex | null> {
    const e = this.entry(store, userId, sessionId);
    const highWater = store.highWaterId(userId);
    if (highWater === e.completeUpTo) return e.index;
    // Every row past the watermark is a candidate, whatever order ids were written or embedded in.
    const scope = {
      roles: this.options.roles,
      sessionId: this.options.scope === 'session' ? sessionId : undefined,
      afterId: Math.max(0, e.completeUpTo),
    };
    const missing = store.unembedded(userId, this.embedder.id, scope);
    this.addRows(e, await this.embedMessages(store, userId, missing));
    this.addRows(e, store.embeddings(userId, this.embedder.id, scope));
    e.completeUpTo = highWater;
    return e.index;
  }

  /** The k stored messages most similar to `query`, best first (empty when nothing is embedded). */
  async search(store: MemoryStore, userId: string, sessionId: string, query: string, k: number): Promise<Hit[]> {
    const index = await this.refresh(store, userId, sessionId);
    if (!index || index.size === 0) return [];
    const [q] = await this.embedder.embed([query]);
    // A query with no content words embeds to zero: every score would tie at 0, which is noise.
    return index.search(q, k).filter((h) => h.score > 0);
  }
}
