import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_COLUMNS, SUMMARY_COLUMNS, SUMMARY_TIMING_COLUMNS, TIMING_COLUMNS } from '../../src/report/columns.js';
import { JOURNAL_FILE } from '../../src/runner/journal.js';
import { Random } from '../../src/util/random.js';
import { BIN, memevalSync as memeval } from './cli.js';
import { parseCsv } from './csv.js';

/** The matrix the kill test runs: enough cells that every kill lands before the end. */
export interface KillPlan {
  /** `memeval run` input flags (no --out). */
  args: string[];
  /** SIGKILLs to survive before the final resume. */
  kills: number;
  seed: number;
}

export interface KillReport {
  kills: number;
  /** Kills that landed before the journal existed (while planning or starting). */
  killsBeforeFirstCell: number;
  /** Journal lines (finished cells) after each kill. */
  journalLines: number[];
  /** Failures of the "never half-written" check after a kill, empty when all held. */
  problems: string[];
  baseline: RunFiles;
  resumed: RunFiles;
}

export interface RunFiles {
  dir: string;
  results: string[][];
  summary: string[][];
  manifest: Record<string, unknown>;
}

function onlyDir(out: string): string | null {
  const dirs = existsSync(out) ? readdirSync(out) : [];
  return dirs.length === 1 ? join(out, dirs[0]) : null;
}

function journalLines(dir: string | null): number {
  if (!dir || !existsSync(join(dir, JOURNAL_FILE))) return 0;
  return readFileSync(join(dir, JOURNAL_FILE), 'utf8').split('\n').length - 1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `memeval run` and SIGKILLs it at a seeded random point: either a delay after spawn
 * (often while it is still planning) or once the journal has grown by a few cells plus a few
 * milliseconds (often mid-cell). Resolves whether the process was killed or had already finished.
 */
async function runAndKill(args: string[], out: string, rng: Random): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let finished = false;
  void exited.then(() => (finished = true));
  if (rng.float() < 0.25) {
    await Promise.race([sleep(rng.int(0, 1200)), exited]);
  } else {
    const target = journalLines(onlyDir(out)) + rng.int(1, 3);
    while (!finished && journalLines(onlyDir(out)) < target) await sleep(5);
    await sleep(rng.int(0, 15));
  }
  if (finished) return 'finished';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

export function readRun(dir: string): RunFiles {
  return {
    dir,
    results: parseCsv(readFileSync(join(dir, 'results.csv'), 'utf8')),
    summary: parseCsv(readFileSync(join(dir, 'summary.csv'), 'utf8')),
    manifest: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>,
  };
}

/** CSV rows with the named columns blanked. */
export function blank(rows: string[][], header: readonly string[], columns: readonly string[]): string[][] {
  const idx = columns.map((c) => header.indexOf(c));
  return rows.map((row, i) => (i === 0 ? row : row.map((v, j) => (idx.includes(j) ? '' : v))));
}

/** run.json without what legitimately differs between two runs of the same inputs: times and the output folder. */
export function comparableManifest(m: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(m), (key, value) =>
    ['createdAt', 'elapsedMs', 'out', 'outDir', 'db'].includes(key) ? undefined : value,
  );
}

export const comparableResults = (f: RunFiles) => blank(f.results, RESULT_COLUMNS, TIMING_COLUMNS);
export const comparableSummary = (f: RunFiles) => blank(f.summary, SUMMARY_COLUMNS, SUMMARY_TIMING_COLUMNS);

/**
 * The kill-and-resume drill: an uninterrupted baseline run, then the same run killed `kills`
 * times (resumed with `--resume` after the first start), then a last resume to the end.
 * After every kill, results.csv must be absent or whole.
 */
export async function killAndResume(plan: KillPlan, baseOut: string, killOut: string): Promise<KillReport> {
  const base = memeval(['run', ...plan.args, '--out', baseOut]);
  if (base.status !== 0) throw new Error(`baseline run failed (${base.status}): ${base.stderr}`);
  const baseline = readRun(onlyDir(baseOut)!);
  const expectedRows = baseline.results.length;

  const rng = new Random(plan.seed);
  const report: Omit<KillReport, 'resumed'> = {
    kills: 0,
    killsBeforeFirstCell: 0,
    journalLines: [],
    problems: [],
    baseline,
  };
  let attempts = 0;
  while (report.kills < plan.kills) {
    if (++attempts > plan.kills * 3)
      throw new Error(
        `the run kept finishing before the kill: ${report.kills} kills in ${attempts - 1} starts; give it more cells`,
      );
    const dir = onlyDir(killOut);
    const started = dir && existsSync(join(dir, 'run-plan.json'));
    const args = started ? ['run', '--resume', dir] : ['run', ...plan.args, '--out', killOut];
    const outcome = await runAndKill(args, killOut, rng);
    if (outcome === 'finished') throw new Error('the run finished before it could be killed; give it more cells');
    report.kills++;
    const after = onlyDir(killOut);
    const lines = journalLines(after);
    if (lines === 0) report.killsBeforeFirstCell++;
    report.journalLines.push(lines);
    const results = after && join(after, 'results.csv');
    if (results && existsSync(results)) {
      const n = parseCsv(readFileSync(results, 'utf8')).length;
      if (n !== expectedRows)
        report.problems.push(`kill ${report.kills}: results.csv has ${n} lines, not ${expectedRows}`);
    }
  }
  const dir = onlyDir(killOut);
  const last =
    dir && existsSync(join(dir, 'run-plan.json'))
      ? memeval(['run', '--resume', dir])
      : memeval(['run', ...plan.args, '--out', killOut]);
  if (last.status !== 0) throw new Error(`final resume failed (${last.status}): ${last.stderr}`);
  return { ...report, resumed: readRun(onlyDir(killOut)!) };
}
