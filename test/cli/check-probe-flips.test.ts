import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/report/summary.js';
import { resultRow, writeRun } from '../helpers/run-fixture.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');

function memeval(args: string[], stepSummary = '') {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: stepSummary },
  });
}

/** A 16-probe cell, every probe right except those listed, which answer wrongly. */
function run(name: string, wrong: readonly number[]): string {
  const results = Array.from({ length: 16 }, (_, i) =>
    resultRow({
      probe_id: `p${i}`,
      question: `What is fact ${i}?`,
      expected: `value ${i}`,
      answer: wrong.includes(i) ? "I don't know." : `It is value ${i}.`,
      correct: !wrong.includes(i),
      score: wrong.includes(i) ? 0 : 1,
    }),
  );
  return writeRun(join(tempDir(), name), { results, summary: summarize(results) });
}

function blessed(wrong: readonly number[] = []): string {
  const to = join(tempDir(), 'baseline', 'summary.csv');
  const bless = memeval(['baseline', 'bless', '--from', run('base', wrong), '--to', to]);
  expect(bless.status, bless.stderr).toBe(0);
  return to;
}

describe('check with a per-probe baseline', () => {
  it('bless writes probes.csv beside summary.csv, one row per probe with its verdict', () => {
    const to = blessed();
    const probes = readFileSync(join(to, '..', 'probes.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(probes[0]).toBe(
      'scenario_id,probe_id,strategy,model,budget_tokens,repeat,question,expected,answer,correct,score',
    );
    expect(probes).toHaveLength(17);
    expect(probes[4]).toBe('recall,p3,recency,offline,4000,0,What is fact 3?,value 3,It is value 3.,true,1');
  });

  it('lists a one-probe flip in a 16-probe cell by name, and under --fail-on significant it is not significant', () => {
    const baseline = blessed();
    const current = run('one-flip', [3]);
    const summaryFile = join(tempDir(), 'step-summary.md');
    const r = memeval(['check', '--baseline', baseline, '--current', current, '--fail-on', 'significant'], summaryFile);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // 2 · (1/2)^6 < 0.05 ≤ 2 · (1/2)^5: six of sixteen is the least this cell can tell from noise.
    expect(r.stdout).toContain('smallest significant drop 6 of 16 (37.5 pts)');
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown).toContain('### Probes');
    expect(markdown).toContain('newly fails: recall/p3');
    expect(r.stdout).toContain(
      '1 newly failing, 0 newly passing of 16 paired probe(s); exact McNemar p = 1.000 (not significant at 0.05)',
    );
    expect(r.stdout).toContain(
      `newly fails: recall/p3: "What is fact 3?" expected "value 3"; before "It is value 3.", after "I don't know."`,
    );
    expect(r.stdout).toContain('PASS');
  });

  it('fails the gate when most probes flip, naming the p-value', () => {
    const baseline = blessed();
    const current = run('many-flips', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const r = memeval(['check', '--baseline', baseline, '--current', current, '--fail-on', 'significant']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /12 newly failing, 0 newly passing of 16 paired probe\(s\); exact McNemar p = 4\.9e-4 \(significant/,
    );
    expect(r.stdout).toMatch(/accuracy drop is significant: 12 newly failing vs 0 newly passing/);
  });

  it('by default (any-drop) one newly failing probe fails its cell: a deterministic run has no noise', () => {
    const baseline = blessed();
    const r = memeval(['check', '--baseline', baseline, '--current', run('one-flip', [3])]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('1 probe(s) newly fail (--fail-on any-drop');
  });

  it('in --junit, a probe that already failed in the baseline is skipped, a newly failing one is a failure', () => {
    const baseline = blessed([3]);
    const junit = join(tempDir(), 'junit.xml');
    const r = memeval(['check', '--baseline', baseline, '--current', run('cur', [3, 5]), '--junit', junit]);
    expect(r.status).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="16" failures="1" errors="0" skipped="1"');
    expect(xml).toMatch(/name="recall\/p3"[^>]*>\s*<skipped message="already failing in the baseline/);
    expect(xml).toMatch(/name="recall\/p5"[^>]*>\s*<failure /);
  });

  it('a baseline without probes.csv (blessed before it existed) still gates on the summary limits', () => {
    const baseline = blessed();
    rmSync(join(baseline, '..', 'probes.csv'));
    expect(existsSync(join(baseline, '..', 'probes.csv'))).toBe(false);
    const same = memeval(['check', '--baseline', baseline, '--current', run('same', [])]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('no per-probe baseline');
    const worse = memeval(['check', '--baseline', baseline, '--current', run('worse', [3])]);
    expect(worse.status).toBe(1);
    expect(worse.stdout).toMatch(/accuracy dropped 6\.3 pts/);
  });
});
