import { MemevalError } from '../errors.js';
import type { ShardSource } from './scheduler-shard.js';

/** Slice `k` of `n` (1-based), as given to `memeval run --shard k/n`. */
export interface Shard {
  k: number;
  n: number;
  /** Set when read from a scheduler's environment (`--shard auto`): which one, and the variables read. */
  from?: ShardSource;
  variables?: Record<string, string>;
}

/** Parses `k/n` with 1 ≤ k ≤ n, naming the flag in the error. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n)
    throw new MemevalError('USAGE', `${flag} must be k/n with 1 ≤ k ≤ n, e.g. 2/4 (got ${JSON.stringify(text)})`);
  return { k, n };
}

/**
 * The cells of slice k of n: cells sorted by their key, then dealt round-robin, so every machine
 * that runs the same inputs picks the same slice whatever order the cells were listed in, slices
 * differ in size by at most one, and neighbouring (similar-cost) cells spread across slices.
 * The slices of 1..n partition the list; each keeps the input order.
 */
export function selectShard<T>(cells: readonly T[], shard: Shard, keyOf: (cell: T) => string): T[] {
  const keys = cells.map(keyOf);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  // Two identical cells (a repeated --budget) could not be told apart when shards are merged.
  if (repeated !== undefined)
    throw new MemevalError('USAGE', `--shard: the matrix lists cell ${repeated} twice (a value repeated in --budget?)`);
  const order = keys.map((key, i) => ({ key, i })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const mine = new Set(order.filter((_, rank) => rank % shard.n === shard.k - 1).map((o) => o.i));
  return cells.filter((_, i) => mine.has(i));
}
