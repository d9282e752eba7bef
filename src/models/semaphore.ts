/**
 * A counting semaphore: at most `limit` holders at once, the rest wait in arrival order.
 * Used to cap concurrent calls per model, so a run stays inside a rate limit instead of
 * leaning on 429 retries.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`semaphore limit must be a positive integer (got ${limit})`);
  }

  /** Holders right now; for tests and progress lines. */
  get inUse(): number {
    return this.active;
  }

  /** Runs `fn` once a slot is free and releases the slot however `fn` ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active--;
  }
}
