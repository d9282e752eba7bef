import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The real CLI entry point, as users run it. */
export const BIN = join(import.meta.dirname, '../../bin/memeval.js');

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
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliResult> {
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
