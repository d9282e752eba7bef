import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Scenario } from '../../src/scenario/schema.js';
import { FIXTURES } from '../datasets/load.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8' });

describe('memeval import', () => {
  it('writes one valid scenario YAML per item and an import report', () => {
    const out = join(tempDir(), 'lme');
    const r = run('longmemeval', `${FIXTURES}longmemeval-mini.json`, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/3 scenarios \(6 sessions, 14 turns, 3 probes\).*peak RSS \d+ MB/);
    expect(readdirSync(out).sort()).toEqual(['import-report.json', 'q1.yaml', 'q2_abs.yaml', 'q3.yaml']);
    const q3 = Scenario.parse(parse(readFileSync(join(out, 'q3.yaml'), 'utf8')));
    expect(q3.steps.at(-1)).toMatchObject({ probe: { category: 'temporal-reasoning', expect: { any: ['3'] } } });
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8'));
    expect(report).toMatchObject({ dataset: 'longmemeval', items: 3, turns: 14 });
    expect(report.peakRssMb).toBeGreaterThan(0);
  });

  it('a corrupt file exits 2 naming the file and path, and writes no report', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(`${FIXTURES}locomo-mini.json`, 'utf8').slice(0, 500));
    const r = run('locomo', bad, '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: truncated`);
    expect(existsSync(join(dir, 'out', 'import-report.json'))).toBe(false);
  });
});
