import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { textTable } from '../util/text-table.js';
import { toCsv } from '../report/csv.js';
import { writeFileAtomic } from '../report/files.js';
import { BENCH_COLUMNS, type BenchRow } from './run.js';

/** The printed table: the CSV's columns plus the unit ops_per_s counts and extra figures (recall@10). */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const extra = (r: BenchRow) =>
    Object.entries(r.extra)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? v.toFixed(4) : v}`)
      .join(' ');
  return textTable(
    ['case', 'n', 'p50 ms', 'p95 ms', 'ops/s', 'unit', 'rss MB', 'samples', 'extra'],
    rows.map((r) => [
      r.name,
      String(r.n),
      r.p50_ms.toFixed(3),
      r.p95_ms.toFixed(3),
      String(r.ops_per_s),
      r.unit,
      r.rss_mb.toFixed(0),
      String(r.samples),
      extra(r),
    ]),
  );
}

/**
 * Writes `<dir>/bench-<timestamp>.csv` (the fixed columns) and a `.json` beside it with the
 * units, extra figures and the machine (timings mean little without the load they ran under).
 */
export function writeBenchFiles(
  dir: string,
  rows: readonly BenchRow[],
  startedAt: Date,
): { csv: string; json: string } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const csv = join(out, `bench-${stamp}.csv`);
  const json = join(out, `bench-${stamp}.json`);
  writeFileAtomic(csv, toCsv(BENCH_COLUMNS, rows));
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadavg1m: loadavg()[0],
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  writeFileAtomic(
    json,
    `${JSON.stringify({ startedAt: startedAt.toISOString(), embedder: 'hash-384-v1 (lexical) for vectors; offline reader model for suite cases', machine, rows }, null, 2)}\n`,
  );
  return { csv, json };
}
