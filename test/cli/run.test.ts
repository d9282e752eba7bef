import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/scenario/load.js';
import { RESULT_COLUMNS, SUMMARY_COLUMNS, TIMING_COLUMNS } from '../../src/report/columns.js';
import { STRATEGIES } from '../../strategies/index.js';
import { parseCsv, parseCsvRecords } from '../helpers/csv.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');
const FIXTURES = join(import.meta.dirname, '../fixtures');

function memeval(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'run', ...args], { encoding: 'utf8' });
}

/** The one run folder under `out`. */
function runDir(out: string): string {
  const dirs = readdirSync(out);
  expect(dirs).toHaveLength(1);
  return join(out, dirs[0]);
}

/** results.csv parsed, with the timing columns blanked. */
function withoutTiming(csv: string): string[][] {
  const timing = TIMING_COLUMNS.map((c) => RESULT_COLUMNS.indexOf(c));
  return parseCsv(csv).map((row, i) => (i === 0 ? row : row.map((v, j) => (timing.includes(j) ? '' : v))));
}

describe('memeval run (CLI)', () => {
  it('runs the built-in suite with every strategy and writes the three files with exactly the contract columns', () => {
    const out = tempDir();
    const r = memeval('--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/error|fail/i);
    const dir = runDir(out);
    expect(readdirSync(dir).sort()).toEqual([
      'report.html',
      'results.csv',
      'results.jsonl',
      'run-plan.json',
      'run.json',
      'summary.csv',
    ]);
    const results = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(results.split('\n')[0]).toBe(RESULT_COLUMNS.join(','));
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8').split('\n')[0]).toBe(SUMMARY_COLUMNS.join(','));
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    const cellsPerStrategy = loadScenarios([]).reduce((n, s) => n + (s.scenario.budgets?.length ?? 1), 0);
    expect(manifest.cells).toHaveLength(cellsPerStrategy * Object.keys(STRATEGIES).length);
    expect(parseCsv(results).length - 1).toBe(manifest.totals.probes);
    for (const name of Object.keys(STRATEGIES)) expect(r.stdout).toContain(name);
    expect(r.stdout).toContain('not Claude');
    expect(r.stdout).toContain(dir);
  });

  it('two runs give byte-identical results.csv apart from the timing columns', () => {
    const [a, b] = [tempDir(), tempDir()];
    expect(memeval('--out', a, '--strategy', 'recency', '-j', '1').status).toBe(0);
    expect(memeval('--out', b, '--strategy', 'recency', '-j', '3').status).toBe(0);
    const ra = readFileSync(join(runDir(a), 'results.csv'), 'utf8');
    const rb = readFileSync(join(runDir(b), 'results.csv'), 'utf8');
    expect(withoutTiming(ra).length).toBeGreaterThan(10);
    expect(withoutTiming(rb)).toEqual(withoutTiming(ra));
    expect(runDir(a).split('/').pop()).toBe(runDir(b).split('/').pop());
  });

  it.each([
    ['unknown strategy', ['--strategy', 'nosuch'], 'nosuch'],
    ['bad strategy option', ['--strategy', 'recency:scope=galaxy'], 'scope'],
    ['unknown model', ['--model', 'gpt-9'], 'gpt-9'],
    ['non-numeric budget', ['--budget', '4000,lots'], '--budget'],
    ['negative budget', ['--budget', '-5'], '--budget'],
    ['unknown scenario', ['--scenario', 'no-such-scenario'], 'no-such-scenario'],
    ['unknown flag', ['--strategee', 'recency'], 'strategee'],
  ])('%s: exit 2, a message naming it, no report folder', (_name, args, mention) => {
    const out = join(tempDir(), 'reports');
    const r = memeval('--out', out, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(mention);
    expect(existsSync(out)).toBe(false);
  });

  it('a scenario file with a bad field: exit 2 naming the file and the path inside it, no report folder', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      readFileSync(join(FIXTURES, 'scenarios/runner-mini.yaml'), 'utf8').replace(
        'question: Which city do I live in?',
        'questoin: Which city do I live in?',
      ),
    );
    const out = join(dir, 'reports');
    const r = memeval('--out', out, '--scenario', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).toMatch(/steps\.\d+\.probe/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 3 when a probe errors, still writing every file with the error in its row', () => {
    const out = tempDir();
    const r = memeval(
      '--out',
      out,
      '--scenario',
      join(FIXTURES, 'scenarios/runner-mini.yaml'),
      '--strategy',
      `recency,${join(FIXTURES, 'strategies/throws-on-sister.ts')}`,
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('1 probe row(s) errored');
    const rows = parseCsvRecords(readFileSync(join(runDir(out), 'results.csv'), 'utf8'));
    expect(rows.filter((row) => row.error !== '').map((row) => [row.strategy, row.probe_id, row.error])).toEqual([
      ['throws-on-sister', 'sister', 'strategy throws-on-sister: buildContext failed: strategy exploded on purpose'],
    ]);
  });

  it('--price-as adds estimated rows priced as each model', () => {
    const out = tempDir();
    const r = memeval(
      '--out',
      out,
      '--scenario',
      join(FIXTURES, 'scenarios/runner-mini.yaml'),
      '--strategy',
      'recency',
      '--price-as',
      'claude-haiku-4-5,claude-sonnet-4-5',
    );
    expect(r.status).toBe(0);
    const summary = parseCsvRecords(readFileSync(join(runDir(out), 'summary.csv'), 'utf8'));
    expect(summary.map((s) => s.priced_as)).toEqual(['', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929']);
    expect(summary[0].cost_per_exchange_usd).toBe('');
    expect(Number(summary[2].cost_per_exchange_usd)).toBeCloseTo(Number(summary[1].cost_per_exchange_usd) * 3, 8);
    expect(r.stdout).toContain('(est.)');
  });
});
