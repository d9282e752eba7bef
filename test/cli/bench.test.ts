import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../helpers/csv.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');

describe('memeval bench', () => {
  it('runs the selected cases at the given size and writes bench-<time>.csv with the documented columns', () => {
    const out = tempDir();
    const r = spawnSync(
      process.execPath,
      [BIN, 'bench', '--only', 'save-chat,vector-search', '--n', '100', '--time', '50', '--out', out],
      { encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(/memeval: /);
    expect(r.status).toBe(0);
    const csvFile = readdirSync(out).find((f) => /^bench-.*\.csv$/.test(f));
    expect(csvFile).toBeDefined();
    const text = readFileSync(join(out, csvFile!), 'utf8');
    expect(parseCsv(text)[0]).toEqual(['name', 'n', 'p50_ms', 'p95_ms', 'ops_per_s', 'rss_mb']);
    const rows = parseCsvRecords(text);
    expect(rows.map((row) => [row.name, row.n])).toEqual([
      ['save-chat', '100'],
      ['vector-search', '100'],
    ]);
    for (const row of rows) {
      for (const col of ['p50_ms', 'p95_ms', 'ops_per_s', 'rss_mb'] as const)
        expect(Number(row[col])).toBeGreaterThan(0);
      expect(Number(row.p95_ms)).toBeGreaterThanOrEqual(Number(row.p50_ms));
    }
    // 100 rows are below the exact-search threshold, so the fast search is exact there.
    const json = JSON.parse(readFileSync(join(out, csvFile!.replace(/\.csv$/, '.json')), 'utf8'));
    expect(json.rows.find((row: { name: string }) => row.name === 'vector-search').extra).toMatchObject({
      method: 'exact',
      recall_at_10: 1,
    });
    expect(r.stdout).toMatch(/vector-search\s+100/);
  });

  it('refuses an unknown case with a usage error (exit 2) naming the known ones', () => {
    const r = spawnSync(process.execPath, [BIN, 'bench', '--only', 'nope', '--out', tempDir()], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown case "nope".*save-chat/);
  });
});
