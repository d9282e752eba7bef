import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { MemevalError } from '../../errors.js';
import type { ChatModel, ChatRequest, ModelReply, TokenCountRequest } from '../types.js';
import { isEmptyReply } from '../reply.js';
import { ModelWrapper } from '../wrapper.js';
import { scrubSecrets } from '../../util/secrets.js';
import { CACHE_FORMAT_VERSION, CacheEntry, CountEntry, entryPath, readEntry, writeEntry } from './file.js';
import { cacheKey, countKey } from './key.js';

/**
 * - `auto`: replay a recorded reply, call and record on a miss (the default);
 * - `record`: always call, overwrite the recording;
 * - `replay`: never call; a miss is a CACHE_MISS error (CI without a key);
 * - `off`: always call, read and write nothing.
 */
export const CACHE_MODES = ['auto', 'record', 'replay', 'off'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** The mode when none is given: replay what is recorded, record the rest. */
export const DEFAULT_CACHE_MODE: CacheMode = 'auto';

/** Where recordings live unless told otherwise; a team can commit it for CI replay. */
export const DEFAULT_CACHE_DIR = '.memeval/cache';

export interface CacheOptions {
  mode: CacheMode;
  /** @default DEFAULT_CACHE_DIR */
  dir?: string;
}

/** Counts shared by every repeat view of one cached model; `messages.countTokens` calls included. */
export interface CacheStats {
  hits: number;
  misses: number;
  recorded: number;
}

export type CacheEvent = keyof CacheStats;

/**
 * CacheStats that tell a listener about each count as it happens, so a run can persist them
 * beside its journal and a resumed run reports the counts of every process, not only its own.
 */
export class CacheCounter implements CacheStats {
  hits = 0;
  misses = 0;
  recorded = 0;
  // ES-private so spreading the counter into run.json never picks the listener up.
  #listener: ((event: CacheEvent) => void) | undefined;

  listen(listener: (event: CacheEvent) => void): void {
    this.#listener = listener;
  }

  /** Counts restored from an earlier process of the same run; not reported to the listener. */
  restore(stats: CacheStats): void {
    this.hits += stats.hits;
    this.misses += stats.misses;
    this.recorded += stats.recorded;
  }

  count(event: CacheEvent): void {
    this[event]++;
    this.#listener?.(event);
  }

  snapshot(): CacheStats {
    return { hits: this.hits, misses: this.misses, recorded: this.recorded };
  }
}

/**
 * Record/replay around any ChatModel. A hit returns the recorded text, stop reason and usage
 * with `cached: true` (so cost per exchange stays measurable in CI) and the lookup time as
 * latency — callers leave cached replies out of latency statistics.
 */
export class CachedModel extends ModelWrapper {
  readonly mode: CacheMode;
  readonly dir: string;

  constructor(
    inner: ChatModel,
    options: CacheOptions,
    /** Which repeat of a run this view serves: repeats of the same request are recorded apart. */
    readonly repeatIndex = 0,
    readonly stats: CacheCounter = new CacheCounter(),
  ) {
    super(inner);
    const count = inner.countTokens?.bind(inner);
    if (count) this.countTokens = (request) => this.countThrough(count, request);
    if (!CACHE_MODES.includes(options.mode)) {
      throw new MemevalError('USAGE', `--cache must be one of ${CACHE_MODES.join(', ')} (got ${String(options.mode)})`);
    }
    this.mode = options.mode;
    this.dir = options.dir ?? DEFAULT_CACHE_DIR;
  }

  /** The same model and cache for another repeat; counters stay shared. */
  forRepeat(repeatIndex: number): CachedModel {
    return new CachedModel(this.inner, { mode: this.mode, dir: this.dir }, repeatIndex, this.stats);
  }

  /** The file a request is (or would be) recorded in. */
  fileFor(request: ChatRequest): string {
    return entryPath(this.dir, cacheKey(this.inner, request, this.repeatIndex));
  }

  /**
   * `messages.countTokens` through the same cache as replies (counts are free, but a replay in
   * CI has no key and no network); present only when the wrapped model can count.
   */
  readonly countTokens?: (request: TokenCountRequest) => Promise<number>;

  async complete(request: ChatRequest): Promise<ModelReply> {
    if (this.mode === 'off') return this.inner.complete(request);
    const found = await this.replayOrCall(cacheKey(this.inner, request, this.repeatIndex), CacheEntry, async (key) => {
      const reply = await this.inner.complete(request);
      // Not recorded: an empty reply is a failed exchange (the chatbot refuses it), and a
      // recording would replay that failure forever instead of asking again.
      if (isEmptyReply(reply)) return { entry: null, value: reply };
      const entry: CacheEntry = {
        formatVersion: CACHE_FORMAT_VERSION,
        key,
        modelId: this.inner.id,
        reply: {
          text: reply.text,
          stopReason: reply.stopReason,
          usage: { ...reply.usage },
          usageExact: reply.usageExact,
        },
      };
      return { entry, value: reply };
    });
    if (found.kind === 'called') return found.value;
    const { reply } = found.entry;
    // A recording made before secrets were scrubbed (or by hand) is scrubbed on the way out too.
    return {
      ...reply,
      text: scrubSecrets(reply.text),
      usage: { ...reply.usage },
      latencyMs: found.lookupMs,
      cached: true,
    };
  }

  private async countThrough(
    count: (request: TokenCountRequest) => Promise<number>,
    request: TokenCountRequest,
  ): Promise<number> {
    if (this.mode === 'off') return count(request);
    const found = await this.replayOrCall(countKey(this.inner, request), CountEntry, async (key) => {
      const inputTokens = await count(request);
      return {
        entry: { formatVersion: CACHE_FORMAT_VERSION, key, modelId: this.inner.id, count: { inputTokens } },
        value: inputTokens,
      };
    });
    return found.kind === 'called' ? found.value : found.entry.count.inputTokens;
  }

  /**
   * The cache modes for one call: a recorded entry when the mode reads and there is one, else
   * (outside `replay`, where a miss is an error) the call, whose entry is then recorded.
   */
  private async replayOrCall<E extends { key: string }, V>(
    key: string,
    schema: z.ZodType<E>,
    call: (key: string) => Promise<{ entry: E | null; value: V }>,
  ): Promise<{ kind: 'replayed'; entry: E; lookupMs: number } | { kind: 'called'; value: V }> {
    if (this.mode !== 'record') {
      const started = performance.now();
      const entry = readEntry(this.dir, key, schema);
      if (entry) {
        this.stats.count('hits');
        return { kind: 'replayed', entry, lookupMs: performance.now() - started };
      }
      this.stats.count('misses');
      if (this.mode === 'replay') {
        throw new MemevalError(
          'CACHE_MISS',
          `${this.inner.id}: no recording for this request in --cache replay mode (${entryPath(this.dir, key)}); record it with --cache auto and a key`,
        );
      }
    }
    const { entry, value } = await call(key);
    if (entry) {
      writeEntry(this.dir, entry);
      this.stats.count('recorded');
    }
    return { kind: 'called', value };
  }
}
