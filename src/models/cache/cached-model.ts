import { performance } from 'node:perf_hooks';
import { MemevalError } from '../../errors.js';
import type { ChatModel, ChatRequest, ModelReply } from '../types.js';
import { ModelWrapper } from '../wrapper.js';
import { CACHE_FORMAT_VERSION, entryPath, readEntry, writeEntry } from './file.js';
import { cacheKey } from './key.js';

/**
 * - `auto`: replay a recorded reply, call and record on a miss (the default);
 * - `record`: always call, overwrite the recording;
 * - `replay`: never call; a miss is a CACHE_MISS error (CI without a key);
 * - `off`: always call, read and write nothing.
 */
export const CACHE_MODES = ['auto', 'record', 'replay', 'off'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** Where recordings live unless told otherwise; a team can commit it for CI replay. */
export const DEFAULT_CACHE_DIR = '.memeval/cache';

export interface CacheOptions {
  mode: CacheMode;
  /** @default DEFAULT_CACHE_DIR */
  dir?: string;
}

/** Counts shared by every repeat view of one cached model. */
export interface CacheStats {
  hits: number;
  misses: number;
  recorded: number;
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
    readonly stats: CacheStats = { hits: 0, misses: 0, recorded: 0 },
  ) {
    super(inner);
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

  async complete(request: ChatRequest): Promise<ModelReply> {
    if (this.mode === 'off') return this.inner.complete(request);
    const key = cacheKey(this.inner, request, this.repeatIndex);
    if (this.mode !== 'record') {
      const started = performance.now();
      const entry = readEntry(this.dir, key);
      if (entry) {
        this.stats.hits++;
        return { ...entry.reply, usage: { ...entry.reply.usage }, latencyMs: performance.now() - started, cached: true };
      }
      this.stats.misses++;
      if (this.mode === 'replay') {
        throw new MemevalError(
          'CACHE_MISS',
          `${this.inner.id}: no recording for this request in --cache replay mode (${entryPath(this.dir, key)}); record it with --cache auto and a key`,
        );
      }
    }
    const reply = await this.inner.complete(request);
    writeEntry(this.dir, {
      formatVersion: CACHE_FORMAT_VERSION,
      key,
      modelId: this.inner.id,
      reply: { text: reply.text, stopReason: reply.stopReason, usage: { ...reply.usage }, usageExact: reply.usageExact },
    });
    this.stats.recorded++;
    return reply;
  }
}
