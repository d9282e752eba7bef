import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/tokens.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';

const BIN = new URL('../../bin/memeval.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memeval-chat-claude-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI asynchronously (the mock answers from this process, so it must not block). */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
    const r = await run(
      ['chat', '--model', 'claude-haiku-4-5', '--user', 'u1', '--session', 's1', '--db', db],
      cleanEnv(),
      'hello\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model "claude-haiku-4-5" needs an Anthropic API key: set ANTHROPIC_API_KEY/);
    expect(r.stdout).toBe('');
    expect(existsSync(dirname(db))).toBe(false);
  });

  it('rejects a bad provider flag with exit 2 naming it', async () => {
    const db = join(dir, 'badflag', 'memory.db');
    const env = cleanEnv({ ANTHROPIC_API_KEY: CANARY_KEY });
    const r = await run(
      ['chat', '--model', 'claude-haiku-4-5', '--user', 'u1', '--session', 's1', '--db', db, '--timeout-ms', '0'],
      env,
      '',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout-ms: must be a whole number from 1 to 600000; got 0/);
  });

  it('talks to the Messages API through the same provider, and a failed call never prints the key', async () => {
    const mock = await startMockAnthropic();
    try {
      mock.script({ kind: 'ok', text: 'Hello from the mock.' }, { kind: 'server-error' }, { kind: 'echo-auth' });
      const db = join(dir, 'mock', 'memory.db');
      const env = cleanEnv({ ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: mock.url });
      const args = [
        'chat',
        '--model',
        'claude-haiku-4-5',
        '--user',
        'u1',
        '--session',
        's1',
        '--db',
        db,
        '--max-retries',
        '0',
      ];
      const r = await run(args, env, 'I live in Lisbon.\nWhere do I live?\nStill there?\n');
      expect(r.stdout).toContain('Hello from the mock.');
      // --max-retries 0 reached the SDK: the 500 was not retried, so the next line got the 401.
      expect(r.stderr).toMatch(/claude-haiku-4-5: HTTP 500 api_error after 0 retries/);
      expect(r.stderr).toMatch(/claude-haiku-4-5: HTTP 401 authentication_error/);
      expect(mock.requests).toHaveLength(3);
      expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
      expect(r.code).toBe(0);
      expect(mock.requests[0].body.model).toBe('claude-haiku-4-5');
      // The second call carries the first exchange as memory.
      expect(JSON.stringify(mock.requests[1].body.messages)).toContain('I live in Lisbon.');
    } finally {
      await mock.close();
    }
  });

  it('--token-count exact saves each message with its count_tokens count; with the offline reader it is exit 2', async () => {
    const mock = await startMockAnthropic();
    try {
      mock.defaultCount = (body) => 10 * estimateTokens(body.messages[0].content);
      const db = join(dir, 'exact', 'memory.db');
      const env = cleanEnv({ ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: mock.url });
      const r = await run(
        [
          'chat',
          '--model',
          'claude-haiku-4-5',
          '--user',
          'u1',
          '--session',
          's1',
          '--db',
          db,
          '--token-count',
          'exact',
        ],
        env,
        'I live in Lisbon.\n',
      );
      expect([r.code, r.stderr.includes('memeval: ')]).toEqual([0, false]);
      expect(
        mock.requests.filter((q) => q.path === '/v1/messages/count_tokens').map((q) => q.body.messages[0].content),
      ).toEqual(['I live in Lisbon.', 'mock reply']);
      const store = new Database(db, { readonly: true });
      const rows = store.prepare('SELECT content, token_count FROM messages ORDER BY id').all();
      store.close();
      expect(rows).toEqual([
        { content: 'I live in Lisbon.', token_count: 10 * estimateTokens('I live in Lisbon.') },
        { content: 'mock reply', token_count: 10 * estimateTokens('mock reply') },
      ]);
    } finally {
      await mock.close();
    }
    const offlineDb = join(dir, 'exact-offline', 'memory.db');
    const r = await run(
      ['chat', '--user', 'u1', '--session', 's1', '--db', offlineDb, '--token-count', 'exact'],
      cleanEnv(),
      'hello\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--token-count exact: model "offline" has no tokenizer/);
    expect(existsSync(dirname(offlineDb))).toBe(false);
  });
});
