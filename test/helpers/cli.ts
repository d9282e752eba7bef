import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEDULER_SHARD_VARS } from '../../src/runner/scheduler-shard.js';
import { parseCsvRecords } from './csv.js';

export const REPO_ROOT = join(import.meta.dirname, '../..');
/** The real CLI entry point, as users run it. */
export const BIN = join(REPO_ROOT, 'bin/memeval.js');

/** MEMEVAL_*, Anthropic and scheduler (shard) settings of the test process must not leak into a child's option resolution. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('MEMEVAL_') && !k.startsWith('ANTHROPIC_') && !SCHEDULER_SHARD_VARS.includes(k),
    ),
  );
  // Progress lines would be noise in the stderr these tests assert; test/cli/display.test.ts sets its own.
  return { ...env, MEMEVAL_DISPLAY: 'none', ...extra };
}

/** Runs the real CLI in `cwd` (default: the repo root) with a clean environment plus `env`. */
export function memevalCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return memevalSync(args, { cwd: options.cwd ?? REPO_ROOT, env: cleanEnv(options.env ?? {}) });
}

/** The one run folder under `out`, its summary rows and run.json. */
export function readRun(out: string): {
  dir: string;
  summary: Record<string, string>[];
  manifest: Record<string, any>;
} {
  const dirs = existsSync(out) ? readdirSync(out) : [];
  if (dirs.length !== 1) throw new Error(`expected one run folder in ${out}, found ${dirs.length}`);
  const dir = join(out, dirs[0]);
  return {
    dir,
    summary: parseCsvRecords(readFileSync(join(dir, 'summary.csv'), 'utf8')),
    manifest: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')),
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `memeval` CLI in a child process, asynchronously — a mock server in this test
 * process must keep answering while the child runs (spawnSync would block it). The child gets
 * this environment minus any Anthropic settings, plus `env`.
 */
export function memevalAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base = { ...process.env };
  delete base.ANTHROPIC_API_KEY;
  delete base.ANTHROPIC_BASE_URL;
  return runCli(args, { env: { ...base, ...env } });
}

/** Runs the CLI without blocking this process, in `cwd` with exactly `env` and `stdin` fed in. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs the CLI to the end, blocking (fine unless this process must answer it, as the mock API does). */
export function memevalSync(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...options });
}
