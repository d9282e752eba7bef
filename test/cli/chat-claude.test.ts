import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';

const BIN = new URL('../../bin/memeval.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memeval-chat-claude-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI asynchronously (the mock answers from this process, so it must not block). */
function run(args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The environment without any Anthropic settings of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('ANTHROPIC_')) delete env[k];
  return { ...env, ...extra };
}

describe('memeval chat --model <claude id>', () => {
  it('without a key: a clear MISSING_API_KEY message, exit 2, no database written', async () => {
    const db = join(dir, 'nokey', 'memory.db');
    const r = await run(['chat', '--model', 'claude-haiku-4-5', '--user', 'u1', '--session', 's1', '--db', db], cleanEnv(), 'hello\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model "claude-haiku-4-5" needs an Anthropic API key: set ANTHROPIC_API_KEY/);
    expect(r.stdout).toBe('');
    expect(existsSync(dirname(db))).toBe(false);
  });

  it('talks to the Messages API through the same provider, and a failed call never prints the key', async () => {
    const mock = await startMockAnthropic();
    try {
      mock.script({ kind: 'ok', text: 'Hello from the mock.' }, { kind: 'echo-auth' });
      const db = join(dir, 'mock', 'memory.db');
      const env = cleanEnv({ ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: mock.url });
      const r = await run(['chat', '--model', 'claude-haiku-4-5', '--user', 'u1', '--session', 's1', '--db', db], env, 'I live in Lisbon.\nWhere do I live?\n');
      expect(r.stdout).toContain('Hello from the mock.');
      expect(r.stderr).toMatch(/claude-haiku-4-5: HTTP 401 authentication_error/);
      expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
      expect(r.code).toBe(0);
      expect(mock.requests[0].body.model).toBe('claude-haiku-4-5');
      // The second call carries the first exchange as memory.
      expect(JSON.stringify(mock.requests[1].body.messages)).toContain('I live in Lisbon.');
    } finally {
      await mock.close();
    }
  });
});
