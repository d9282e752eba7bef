import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../datasets/load.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');

describe('memeval run --dataset --top-k', () => {
  it('prints the benchmark table and writes metrics.csv beside results.csv', () => {
    const out = tempDir();
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'run',
        '--dataset',
        `longmemeval:${FIXTURES}longmemeval-mini.json`,
        '--top-k',
        '1,5',
        '--strategy',
        'recency',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /longmemeval\s+model\s+budget\s+n\s+session\.recall_all@1\s+session\.recall_all@5\s+turn\.recall_all@1\s+turn\.recall_all@5\s+accuracy/,
    );
    const runDir = r.stdout.match(/· (\S+)\nreport: (\S+)\n$/)![1];
    expect(r.stdout).toContain(`report: ${join(runDir, 'report.html')}\n`);
    expect(existsSync(join(runDir, 'metrics.csv'))).toBe(true);
    expect(existsSync(join(runDir, 'results.csv'))).toBe(true);
  });

  it('a malformed --top-k exits 2', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'run', '--dataset', `longmemeval:${FIXTURES}longmemeval-mini.json`, '--top-k', '0', '--out', tempDir()],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--top-k');
  });
});
