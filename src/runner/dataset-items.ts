import { MemevalError } from '../errors.js';
import { readDataset } from '../datasets/index.js';
import type { DatasetItem } from '../datasets/types.js';
import type { DatasetItemRef, DatasetSource } from './datasets.js';
import { buildTimeline, type TimelineEvent } from './timeline.js';

/** A benchmark item read back for its cells, with the timeline they replay. */
export interface LoadedItem {
  item: DatasetItem;
  timeline: TimelineEvent[];
}

function keyOf(ref: DatasetItemRef): string {
  return `${ref.source}:${ref.index}`;
}

/**
 * The benchmark items of a run, read again (a second streaming pass over each file) as their
 * cells come due, and dropped when the last of them finishes. Cells start in matrix order and an
 * item's cells are adjacent, so one forward cursor per file serves them, and at most one item per
 * cell in flight is held: a run's memory is bounded by `-j`, not by the file (LongMemEval_M).
 */
export class DatasetItemLoader {
  private readonly live = new Map<string, LoadedItem & { remaining: number }>();
  /** Cells of this process per item; an item is dropped once that many have released it. */
  private readonly uses = new Map<string, number>();
  private readonly readers: (AsyncGenerator<DatasetItem> | undefined)[] = [];
  private readonly nextIndex: number[];
  /** Loads run one at a time: cursors only move forward. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The most items held at once in this run. */
  peakLiveItems = 0;

  /** `refs`: the item of every cell to run (one entry per cell, repeats included). */
  constructor(
    private readonly sources: readonly DatasetSource[],
    refs: Iterable<DatasetItemRef>,
    private readonly seed: number | undefined,
  ) {
    for (const ref of refs) this.uses.set(keyOf(ref), (this.uses.get(keyOf(ref)) ?? 0) + 1);
    this.nextIndex = sources.map(() => 0);
  }

  /** The item, read when first asked for; pair every call with one `release`. */
  acquire(ref: DatasetItemRef): Promise<LoadedItem> {
    const next = this.queue.then(() => this.load(ref));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** One cell of the item is done with it; the last one lets it go. */
  release(ref: DatasetItemRef): void {
    const key = keyOf(ref);
    const held = this.live.get(key);
    if (held && --held.remaining <= 0) this.live.delete(key);
  }

  /** Closes the files still open. */
  async close(): Promise<void> {
    await this.queue;
    for (const reader of this.readers) await reader?.return(undefined);
  }

  private async load(ref: DatasetItemRef): Promise<LoadedItem> {
    const key = keyOf(ref);
    const held = this.live.get(key);
    if (held) return held;
    const { name, file } = this.sources[ref.source];
    if (this.nextIndex[ref.source] > ref.index)
      throw new Error(
        `${file}: item ${ref.index} asked for after the items behind it (cells must start in matrix order)`,
      );
    // Files before this one are done with: cells are in dataset order.
    for (let s = 0; s < ref.source; s++) {
      await this.readers[s]?.return(undefined);
      this.readers[s] = undefined;
    }
    const reader = (this.readers[ref.source] ??= readDataset(name, file));
    while (this.nextIndex[ref.source] <= ref.index) {
      const next = await reader.next();
      if (next.done) break;
      // Items without a cell here (other tags, past --limit, another shard's) are dropped as read.
      if (this.nextIndex[ref.source]++ < ref.index) continue;
      if (next.value.scenario.id !== ref.id) break;
      const loaded = {
        item: next.value,
        timeline: buildTimeline(next.value.scenario, this.seed),
        remaining: this.uses.get(key) ?? 0,
      };
      this.live.set(key, loaded);
      this.peakLiveItems = Math.max(this.peakLiveItems, this.live.size);
      return loaded;
    }
    throw new MemevalError(
      'DATASET_INVALID',
      `${file}: $[${ref.index}]: not the item ${ref.id} the run was planned with; the file changed during the run`,
    );
  }
}
