import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRun, REPO_ROOT, runCli } from '../helpers/cli.js';
import { parseCsvRecords } from '../helpers/csv.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURES = join(REPO_ROOT, 'test/fixtures');
const SCENARIO = join(FIXTURES, 'scenarios/runner-mini.yaml');
const hostile = (name: string) => join(FIXTURES, `strategies/hostile-${name}.ts`);

/** `memeval run` on the mini scenario (3 probes) with these strategies; rows grouped by strategy. */
async function run(strategies: string[], extra: string[] = []) {
  const out = tempDir();
  const r = await runCli(['run', '--out', out, '--scenario', SCENARIO, '--strategy', strategies.join(','), ...extra], {
    cwd: REPO_ROOT,
  });
  const { dir } = readRun(out);
  const rows = parseCsvRecords(readFileSync(join(dir, 'results.csv'), 'utf8'));
  const errors = (strategy: string) => rows.filter((row) => row.strategy === strategy).map((row) => row.error);
  return { ...r, rows, errors };
}

describe('a misbehaving strategy file costs its own probes, never the run', () => {
  it('wrong shape, process.exit (direct, swallowed, from a timer, in create()), a context over budget: one error row each, the rest complete, exit 3', async () => {
    const r = await run([
      'recency',
      ...['wrong-shape', 'calls-exit', 'catches-exit', 'exits-in-timer', 'exits-in-create', 'over-budget'].map(hostile),
    ]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('18 probe row(s) errored');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.errors('recency')).toEqual(['', '', '']);
    const each = (strategy: string, pattern: RegExp) => {
      const errors = r.errors(strategy);
      expect(errors).toHaveLength(3);
      for (const e of errors) expect(e).toMatch(pattern);
    };
    each(
      'hostile-wrong-shape',
      /^strategy hostile-wrong-shape: buildContext returned a context of the wrong shape: messages: /,
    );
    each(
      'hostile-calls-exit',
      /^strategy hostile-calls-exit: buildContext called process\.exit\(0\); a strategy must return or throw/,
    );
    each('hostile-catches-exit', /^strategy hostile-catches-exit: buildContext called process\.exit\(7\)/);
    each('hostile-exits-in-timer', /^strategy hostile-exits-in-timer: buildContext called process\.exit\(0\)/);
    each(
      'hostile-exits-in-create',
      /^cell failed: strategy hostile-exits-in-create: create\(\) called process\.exit\(0\)/,
    );
    each(
      'hostile-over-budget',
      /^strategy hostile-over-budget: context over budget: it sends \d+ tokens \(counted by estimate-4cpt\), the budget is 4000 \(it reported 5\)$/,
    );
  });

  it('a buildContext that never settles: past --strategy-timeout-ms an error row, later calls refused, the run finishes with exit 3', async () => {
    const r = await run(['recency', hostile('never-settles')], ['--strategy-timeout-ms', '5000']);
    expect(r.status).toBe(3);
    expect(r.errors('recency')).toEqual(['', '', '']);
    expect(r.errors('hostile-never-settles')).toEqual([
      'strategy hostile-never-settles: buildContext did not finish within 5000 ms (--strategy-timeout-ms)',
      'strategy hostile-never-settles: not called again after its buildContext did not finish within 5000 ms',
      'strategy hostile-never-settles: not called again after its buildContext did not finish within 5000 ms',
    ]);
  });

  it('a timer that calls process.exit after buildContext returned: the run still writes every row, and later calls are refused', async () => {
    const r = await run(['recency', hostile('exits-later')]);
    expect(r.errors('recency')).toEqual(['', '', '']);
    const errors = r.errors('hostile-exits-later');
    expect(errors).toHaveLength(3);
    // When the timer fires between probes is up to the machine; whatever it is, the probes after it are refused.
    const refused = errors.filter((e) => e !== '');
    for (const e of refused)
      expect(e).toBe(
        'strategy hostile-exits-later: not called again after it called process.exit(0) after its buildContext returned',
      );
    expect(errors.slice(errors.length - refused.length)).toEqual(refused);
    expect(r.status).toBe(refused.length > 0 ? 3 : 0);
  });

  it('a strategy that leaves a timer running: the run still ends once its files are written, with all its output', async () => {
    const r = await run([hostile('keeps-timer')]);
    expect(r.status).toBe(0);
    expect(r.errors('hostile-keeps-timer')).toEqual(['', '', '']);
    // stdout is flushed before the exit: the last line names the report.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^report: .*report\.html$/);
  });

  it('--strategy-timeout-ms is bounded: 0, above an hour, or not a number is bad input naming the flag', async () => {
    for (const value of ['0', '3600001', 'soon']) {
      const out = tempDir();
      const r = await runCli(
        ['run', '--out', out, '--scenario', SCENARIO, '--strategy', 'recency', '--strategy-timeout-ms', value],
        { cwd: REPO_ROOT },
      );
      expect(r.status, value).toBe(2);
      expect(r.stderr.trim().split('\n'), value).toHaveLength(1);
      expect(r.stderr, value).toMatch(/--strategy-timeout-ms/);
    }
  });
});
