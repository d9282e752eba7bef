import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');

function memeval(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
  });
}

describe('memeval run --shard, merge, check (a CI matrix)', () => {
  it('shards run to their own folders, merge into a run that passes check against the unsharded baseline', () => {
    const out = tempDir();
    const common = [
      '--scenario',
      FIXTURE,
      '--scenario',
      'same-session-recall',
      '--strategy',
      'recency,recency:scope=session',
      '--budget',
      '4000,300',
    ];
    const full = memeval('run', ...common, '--out', join(out, 'full'));
    expect(full.status).toBe(0);
    const fullDir = join(out, 'full', readdirSync(join(out, 'full'))[0]);
    expect(existsSync(join(fullDir, 'report.html'))).toBe(true);

    for (const k of [1, 2])
      expect(memeval('run', ...common, '--out', join(out, 'shards'), '--shard', `${k}/2`).status).toBe(0);
    const shards = readdirSync(join(out, 'shards')).sort();
    expect(shards).toEqual([
      `${readdirSync(join(out, 'full'))[0]}.shard-1-of-2`,
      `${readdirSync(join(out, 'full'))[0]}.shard-2-of-2`,
    ]);

    const merged = memeval('merge', ...shards.map((s) => join(out, 'shards', s)), '--out', join(out, 'merged'));
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(merged.stdout).toContain('from 2 shard(s)');
    expect(existsSync(join(out, 'merged', 'report.html'))).toBe(true);

    const check = memeval('check', '--baseline', join(fullDir, 'summary.csv'), '--current', join(out, 'merged'));
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('PASS: 4 cell(s) within limits');

    // One shard alone is not the run: check fails closed on the cells it lacks.
    const partial = memeval(
      'check',
      '--baseline',
      join(fullDir, 'summary.csv'),
      '--current',
      join(out, 'shards', shards[0]),
    );
    expect(partial.status).toBe(1);
    expect(partial.stdout).toMatch(/MISSING \(current\)|NOT COMPARABLE/);

    expect(memeval('run', ...common, '--out', join(out, 'x'), '--shard', '3/2').status).toBe(2);
    expect(readFileSync(join(fullDir, 'run.json'), 'utf8')).toContain('"index": 3');
  });
});
