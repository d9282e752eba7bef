import { Bench } from 'tinybench';
import { MemevalError } from '../errors.js';
import { BENCH_CASES, DEFAULT_SIZES, type BenchCase, type BenchCaseName, type CaseContext } from './cases.js';
import { filledStore } from './fixtures.js';

/** One row of bench-<timestamp>.csv: one case at one size. */
export interface BenchRow {
  name: string;
  n: number;
  p50_ms: number;
  p95_ms: number;
  /** Units per second (messages, queries, contexts or runs: see `unit`), from the mean latency. */
  ops_per_s: number;
  /** Largest resident set size seen while the case ran (fixtures included). */
  rss_mb: number;
  unit: string;
  samples: number;
  extra: Record<string, number | string>;
}

export const BENCH_COLUMNS = ['name', 'n', 'p50_ms', 'p95_ms', 'ops_per_s', 'rss_mb'] as const;

export interface BenchOptions {
  /** Case names; default every case. */
  only?: string[];
  /** History sizes for sized cases. @default [1000, 10000, 100000] */
  sizes?: number[];
  /** Minimum measuring time per task, ms (tinybench `time`). @default 1000 */
  timeMs?: number;
  /** Progress lines (one per case and size). */
  log?: (message: string) => void;
}

/** The q-quantile of ascending samples, interpolated between neighbours. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function selectCases(only: string[] | undefined): [BenchCaseName, BenchCase][] {
  const all = Object.entries(BENCH_CASES) as [BenchCaseName, BenchCase][];
  if (!only || only.length === 0) return all;
  const unknown = only.filter((n) => !(n in BENCH_CASES));
  if (unknown.length > 0)
    throw new MemevalError(
      'USAGE',
      `--only: unknown case ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${Object.keys(BENCH_CASES).join(', ')}`,
    );
  return all.filter(([name]) => only.includes(name));
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * Runs the selected cases at each size with tinybench and returns one row per case × size.
 * Sizes run smallest first and a size's shared fixtures are freed before the next, so the
 * rss of a row reflects that size.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchRow[]> {
  const cases = selectCases(options.only);
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const bad = sizes.find((n) => !Number.isInteger(n) || n < 2);
  if (bad !== undefined) throw new MemevalError('USAGE', `--n: sizes must be whole numbers ≥ 2 (got ${bad})`);
  const timeMs = options.timeMs ?? 1000;
  const log = options.log ?? (() => {});
  const rows: BenchRow[] = [];
  const plan: { n: number; cases: [BenchCaseName, BenchCase][] }[] = [...new Set(sizes)]
    .sort((a, b) => a - b)
    .map((n) => ({ n, cases: cases.filter(([, c]) => c.sized) }));
  const unsized = cases.filter(([, c]) => !c.sized);
  if (unsized.length > 0) plan.push({ n: 1, cases: unsized });

  for (const { n, cases: here } of plan) {
    const fixtures = new Map<string, ReturnType<typeof filledStore>>();
    const ctx: CaseContext = {
      fixture(size, embed) {
        const key = `${size}:${embed}`;
        if (!fixtures.has(key)) fixtures.set(key, filledStore(size, { embed }));
        return fixtures.get(key)!;
      },
    };
    try {
      for (const [name, c] of here) {
        log(`bench: ${name} n=${n} …`);
        const row = await runCase(name, c, n, ctx, timeMs);
        log(`bench: ${name} n=${n}: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms, ${row.ops_per_s} ${row.unit}/s`);
        rows.push(row);
      }
    } finally {
      for (const f of fixtures.values()) (await f).dispose();
    }
  }
  return rows;
}

async function runCase(name: string, c: BenchCase, n: number, ctx: CaseContext, timeMs: number): Promise<BenchRow> {
  const plan = await c.prepare(n, ctx);
  let rssBytes = process.memoryUsage.rss();
  try {
    const bench = new Bench({
      name,
      time: timeMs,
      warmupTime: Math.min(timeMs, 200),
      warmupIterations: 2,
      iterations: c.iterations,
      retainSamples: true,
    });
    bench.add(name, plan.fn, {
      beforeEach: plan.beforeEach,
      afterEach: () => {
        rssBytes = Math.max(rssBytes, process.memoryUsage.rss());
      },
    });
    await bench.run();
    const result = bench.tasks[0].result;
    if (result.state === 'errored')
      throw new MemevalError('INTERNAL', `bench case ${name} (n=${n}) failed: ${result.error.message}`, {
        cause: result.error,
      });
    if (result.state !== 'completed')
      throw new MemevalError('INTERNAL', `bench case ${name} (n=${n}) did not complete (${result.state})`);
    const { latency } = result;
    const sorted = latency.samples ?? [];
    return {
      name,
      n,
      p50_ms: round(latency.p50, 4),
      p95_ms: round(quantile(sorted, 0.95), 4),
      ops_per_s: round((1000 / latency.mean) * plan.unitsPerCall, 1),
      rss_mb: round(rssBytes / 2 ** 20, 1),
      unit: plan.unit,
      samples: latency.samplesCount,
      extra: plan.extra ?? {},
    };
  } finally {
    plan.dispose?.();
  }
}
