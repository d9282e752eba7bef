import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/report/summary.js';
import { resultRow, writeRun } from '../helpers/run-fixture.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');

function memeval(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
  });
}

function run(name: string, strategies: readonly string[]): string {
  const results = strategies.flatMap((strategy) =>
    ['p1', 'p2'].map((probe_id) => resultRow({ strategy, probe_id, embedder: 'none' })),
  );
  return writeRun(join(tempDir(), name), { results, summary: summarize(results) });
}

describe('check --strategy / --model', () => {
  it('compares only the cells asked for, so a run of one strategy checks against its baseline cells', () => {
    const to = join(tempDir(), 'baseline', 'summary.csv');
    expect(memeval(['baseline', 'bless', '--from', run('base', ['recency', 'semantic']), '--to', to]).status).toBe(0);
    const current = run('semantic-only', ['semantic']);

    const all = memeval(['check', '--baseline', to, '--current', current]);
    expect(all.status).toBe(1);
    expect(all.stdout).toMatch(/recency · offline · budget 4000\s+MISSING \(current\)/);

    const one = memeval(['check', '--baseline', to, '--current', current, '--strategy', 'semantic']);
    expect(one.status, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toContain('PASS: 1 cell(s) within limits');
    expect(one.stdout).not.toContain('recency ·');
  });

  it('still fails closed when the filter leaves no cells', () => {
    const to = join(tempDir(), 'baseline', 'summary.csv');
    expect(memeval(['baseline', 'bless', '--from', run('base', ['recency']), '--to', to]).status).toBe(0);
    const r = memeval(['check', '--baseline', to, '--current', run('cur', ['recency']), '--model', 'claude-haiku-4-5']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/the baseline has no cells/);
  });
});
