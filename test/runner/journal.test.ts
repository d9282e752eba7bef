import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, MemevalError } from '../../src/errors.js';
import { OfflineModel } from '../../src/models/offline.js';
import type { ChatRequest } from '../../src/models/types.js';
import { RESULT_COLUMNS, TIMING_COLUMNS, type ResultRow } from '../../src/report/columns.js';
import { JOURNAL_FILE } from '../../src/runner/journal.js';
import { RUN_PLAN_FILE, resumeOptions } from '../../src/runner/resume.js';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { parseCsv } from '../helpers/csv.js';
import { memevalSync } from '../helpers/cli.js';
import { blank } from '../helpers/kill-resume.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
const quiet = { log: () => {} };
const withoutTiming = (rows: ResultRow[]) =>
  rows.map((r) => ({ ...r, ...Object.fromEntries(TIMING_COLUMNS.map((c) => [c, null])) }));

/** An offline reader that counts its calls, to see which cells a resume runs again. */
function countingModels() {
  let calls = 0;
  class Counting extends OfflineModel {
    override async complete(request: ChatRequest) {
      calls++;
      return super.complete(request);
    }
  }
  return { createModel: () => new Counting(), calls: () => calls };
}

const options = (outDir: string): RunOptions => ({
  ...quiet,
  scenarios: [FIXTURE],
  strategies: ['recency', 'recency:scope=session'],
  budgets: [4000, 200],
  outDir,
});

describe('run journal and --resume', () => {
  it('journals one line per cell and writes run-plan.json without anything from the environment', async () => {
    const out = tempDir();
    const r = await runMatrix(options(out));
    const lines = readFileSync(join(r.runDir!, JOURNAL_FILE), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => JSON.parse(l).cell).sort()).toEqual([0, 1, 2, 3]);
    const plan = JSON.parse(readFileSync(join(r.runDir!, RUN_PLAN_FILE), 'utf8'));
    expect(plan).toEqual({
      runId: r.runId,
      cwd: process.cwd(),
      options: { scenarios: [FIXTURE], strategies: ['recency', 'recency:scope=session'], budgets: [4000, 200] },
    });
  });

  it('a resume runs only the cells missing from the journal, ignores a torn last line, and gives the same files', async () => {
    const out = tempDir();
    const full = await runMatrix(options(out));
    const dir = full.runDir!;
    const journal = join(dir, JOURNAL_FILE);
    const lines = readFileSync(journal, 'utf8').split('\n');
    // Two cells done, the third torn mid-write, no reports yet: what a SIGKILL can leave.
    writeFileSync(journal, `${lines[0]}\n${lines[1]}\n${lines[2].slice(0, 40)}`);
    for (const f of ['results.csv', 'summary.csv', 'run.json']) writeFileSync(join(dir, `${f}.tmp-99999`), 'half');
    const before = readFileSync(join(dir, 'results.csv'), 'utf8');

    const counting = countingModels();
    const resumed = await runMatrix(resumeOptions(dir, { ...quiet, createModel: counting.createModel }));
    expect(resumed.runDir).toBe(dir);
    expect(withoutTiming(resumed.rows)).toEqual(withoutTiming(full.rows));
    // runner-mini asks 3 probes per cell: only the 2 missing cells call the model.
    expect(counting.calls()).toBe(6);
    expect(
      readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).cell)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const strip = (csv: string) => blank(parseCsv(csv), RESULT_COLUMNS, TIMING_COLUMNS);
    expect(strip(readFileSync(join(dir, 'results.csv'), 'utf8'))).toEqual(strip(before));

    // Resuming a finished run runs nothing and rewrites the same reports.
    const again = countingModels();
    await runMatrix(resumeOptions(dir, { ...quiet, createModel: again.createModel }));
    expect(again.calls()).toBe(0);
  });

  it('a shard resumes from its own folder, its journal keyed by matrix index', async () => {
    const sharded = { ...options(tempDir()), shard: { k: 2, n: 2 } };
    const full = await runMatrix(sharded);
    expect(full.runDir!.endsWith('.shard-2-of-2')).toBe(true);
    const journal = join(full.runDir!, JOURNAL_FILE);
    writeFileSync(journal, `${readFileSync(journal, 'utf8').split('\n')[0]}\n`);
    const resumed = await runMatrix(resumeOptions(full.runDir!, quiet));
    expect(withoutTiming(resumed.rows)).toEqual(withoutTiming(full.rows));
  });

  it('a damaged line that is not the last is an error naming the file and line, not a silent re-run', async () => {
    const dir = (await runMatrix(options(tempDir()))).runDir!;
    const journal = join(dir, JOURNAL_FILE);
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, `${lines[0]}\n{"v":1,"broken\n${lines[1]}\n`);
    const err = await runMatrix(resumeOptions(dir, quiet)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemevalError);
    expect(exitCodeFor(err)).toBe(2);
    expect((err as Error).message).toContain(`${journal}:2: not a JSON line`);
  });

  it('a line recorded for a different cell or run is refused', async () => {
    const dir = (await runMatrix(options(tempDir()))).runDir!;
    const journal = join(dir, JOURNAL_FILE);
    const first = JSON.parse(readFileSync(journal, 'utf8').split('\n')[0]);
    writeFileSync(journal, `${JSON.stringify({ ...first, slug: 'something-else' })}\n`);
    await expect(runMatrix(resumeOptions(dir, quiet))).rejects.toThrow(`${journal}:1: slug:`);
    writeFileSync(journal, `${JSON.stringify({ ...first, runId: 'run-000000000000' })}\n`);
    await expect(runMatrix(resumeOptions(dir, quiet))).rejects.toThrow(`${journal}:1: runId:`);
  });

  it('refuses to resume when the inputs no longer give the same run id', async () => {
    const dir = (await runMatrix(options(tempDir()))).runDir!;
    const planFile = join(dir, RUN_PLAN_FILE);
    const plan = JSON.parse(readFileSync(planFile, 'utf8'));
    writeFileSync(planFile, JSON.stringify({ ...plan, options: { ...plan.options, seed: 99 } }));
    await expect(runMatrix(resumeOptions(dir, quiet))).rejects.toThrow(
      /runId: the inputs now give run run-\w+, not run-/,
    );
  });

  it('refuses to resume from another folder than the run started in (relative paths would change meaning)', async () => {
    const dir = (await runMatrix(options(tempDir()))).runDir!;
    const planFile = join(dir, RUN_PLAN_FILE);
    writeFileSync(planFile, JSON.stringify({ ...JSON.parse(readFileSync(planFile, 'utf8')), cwd: '/somewhere/else' }));
    expect(() => resumeOptions(dir, quiet)).toThrow(`${planFile}: cwd: this run was started in /somewhere/else`);
  });

  it('a fresh run of the same inputs starts the journal over and removes the old reports first', async () => {
    const out = tempDir();
    const dir = (await runMatrix(options(out))).runDir!;
    appendFileSync(join(dir, JOURNAL_FILE), '{"junk": true}\n');
    await runMatrix(options(out));
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('memeval run --resume on a folder that is not a run folder exits 2 naming run-plan.json', () => {
    const dir = tempDir();
    const r = memevalSync(['run', '--resume', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, RUN_PLAN_FILE)}: not found`);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
  });
});
