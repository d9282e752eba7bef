import pLimit, { type LimitFunction } from 'p-limit';

/**
 * At most `limit` calls of one model at once, the rest waiting in arrival order (p-limit), so a
 * run stays inside a rate limit instead of leaning on 429 retries. A class so one limit can be
 * shared by several wrappers of the same model.
 */
export class Semaphore {
  private readonly limited: LimitFunction;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`semaphore limit must be a positive integer (got ${limit})`);
    this.limited = pLimit(limit);
  }

  /** Holders right now; for tests and progress lines. */
  get inUse(): number {
    return this.limited.activeCount;
  }

  /** Runs `fn` once a slot is free and releases the slot however `fn` ends. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.limited(fn);
  }
}
