import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src/models/registry.js';
import { RESULT_COLUMNS, SUMMARY_COLUMNS, SUMMARY_TIMING_COLUMNS, TIMING_COLUMNS } from '../../src/report/columns.js';
import { parseCsv } from '../../src/report/csv-parse.js';
import { mergeShardDirs } from '../../src/report/merge.js';
import { readManifest } from '../../src/report/read.js';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { ThrowingModel } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');

/** A CSV file's records with the named columns blanked, so timing noise does not count. */
function csvWithout(file: string, columns: readonly string[], blank: readonly string[]): string[][] {
  const idx = blank.map((c) => columns.indexOf(c));
  return parseCsv(readFileSync(file, 'utf8')).map((r, i) =>
    i === 0 ? r : r.map((v, j) => (idx.includes(j) ? '' : v)),
  );
}

// Two models (one erroring on a probe), two strategies, two budgets, priced as a Claude model: 16 cells, rows with several priced_as.
const OPTIONS: RunOptions = {
  log: () => {},
  scenarios: [FIXTURE, 'same-session-recall'],
  strategies: ['recency', 'recency:scope=session'],
  models: ['offline', 'test-throwing'],
  budgets: [4000, 300],
  priceAs: ['claude-haiku-4-5-20251001'],
  createModel: (id) => (id === 'test-throwing' ? new ThrowingModel('city') : createModel(id)),
};

describe('memeval merge of shards', () => {
  it('gives the results and summary of the unsharded run, apart from timing columns', async () => {
    const out = tempDir();
    const full = await runMatrix({ ...OPTIONS, outDir: join(out, 'full') });
    const n = 3;
    const shards = [];
    for (let k = 1; k <= n; k++)
      shards.push(await runMatrix({ ...OPTIONS, outDir: join(out, 'shards'), shard: { k, n } }));
    expect(new Set(shards.map((s) => s.runDir)).size).toBe(n);
    expect(shards.every((s) => s.runId === full.runId)).toBe(true);
    expect(shards.map((s) => (s.manifest.cells as unknown[]).length).sort()).toEqual([5, 5, 6]);

    const mergedDir = join(out, 'merged');
    // Given out of order: the merge orders cells by their place in the matrix.
    const merged = mergeShardDirs([shards[2].runDir!, shards[0].runDir!, shards[1].runDir!], mergedDir);
    expect(merged.results.some((r) => r.error !== null)).toBe(true);
    expect(csvWithout(join(mergedDir, 'results.csv'), RESULT_COLUMNS, TIMING_COLUMNS)).toEqual(
      csvWithout(join(full.runDir!, 'results.csv'), RESULT_COLUMNS, TIMING_COLUMNS),
    );
    expect(csvWithout(join(mergedDir, 'summary.csv'), SUMMARY_COLUMNS, SUMMARY_TIMING_COLUMNS)).toEqual(
      csvWithout(join(full.runDir!, 'summary.csv'), SUMMARY_COLUMNS, SUMMARY_TIMING_COLUMNS),
    );

    const manifest = readManifest(join(mergedDir, 'run.json'));
    expect(manifest.shard).toBeUndefined();
    expect(manifest.cells.map((c) => c.index)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect((manifest.mergedFrom as { shard: string }[]).map((m) => m.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(manifest.totals).toMatchObject({ cells: 16, probes: full.rows.length });
  });

  it('refuses a missing or repeated shard, shards of different runs, and plain runs', async () => {
    const out = tempDir();
    const small = { ...OPTIONS, models: ['offline'], budgets: [4000], priceAs: [] };
    const a = await runMatrix({ ...small, outDir: join(out, 's'), shard: { k: 1, n: 2 } });
    const b = await runMatrix({ ...small, outDir: join(out, 's'), shard: { k: 2, n: 2 } });
    const other = await runMatrix({ ...small, seed: 9, outDir: join(out, 'o'), shard: { k: 2, n: 2 } });
    const plain = await runMatrix({ ...small, outDir: join(out, 'p') });
    const dest = join(out, 'm');
    expect(() => mergeShardDirs([a.runDir!], dest)).toThrow(/shard\(s\) 2\/2 missing/);
    expect(() => mergeShardDirs([a.runDir!, a.runDir!], dest)).toThrow(/shard 1\/2 given more than once/);
    expect(() => mergeShardDirs([a.runDir!, other.runDir!], dest)).toThrow(/share its inputs and id/);
    expect(() => mergeShardDirs([plain.runDir!], dest)).toThrow(/not a shard/);
    expect(mergeShardDirs([b.runDir!, a.runDir!], dest).results).toHaveLength(plain.rows.length);
  });
});
