import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toError } from '../../src/errors.js';
import { createModelStack } from '../../src/models/stack.js';
import { SpendLedger } from '../../src/models/spend.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { runCli } from '../helpers/cli.js';
import { withMockAnthropic } from '../helpers/mock-anthropic.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
/** The key's distinctive tail too, in case something prints it cut or masked at the front. */
const NEEDLES = [CANARY_KEY, CANARY_KEY.slice(-16)];

/** Asynchronous: the mock answers from this process, so the CLI must not block it. */
async function memeval(args: string[], cwd: string, env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number | null; out: string }> {
  const r = await runCli(args, { cwd, env, stdin });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** The test's environment with a canary key and the mock as the API; nothing else of Anthropic's. */
function canaryEnv(url: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_')));
  return { ...env, ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: url };
}

/** Every file under `dir` (SQLite databases and WAL files included, read as bytes) that holds a needle. */
function filesHolding(dir: string): string[] {
  const hits: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const bytes = readFileSync(join(e.parentPath, e.name));
    if (NEEDLES.some((n) => bytes.includes(n))) hits.push(join(e.parentPath, e.name));
  }
  return hits;
}

const leaked = (text: string) => NEEDLES.filter((n) => text.includes(n));

describe('secrets: a canary API key never reaches a file or a message', () => {
  it('memeval run with the offline model and Claude (mock), including a 401 that echoes the Authorization header', async () => {
    await withMockAnthropic(async (mock) => {
      // The second call gets a 401 whose message repeats the key, as a careless proxy might.
      mock.script({ kind: 'ok', text: 'You live in Lisbon.' }, { kind: 'echo-auth' });
      const cwd = tempDir();
      const args = ['run', '--scenario', FIXTURE, '--strategy', 'recency', '--model', 'offline,claude-haiku-4-5', '--out', 'out', '-j', '1', '--keep-db'];
      const r = await memeval(args, cwd, canaryEnv(mock.url));
      expect(mock.requests.length).toBeGreaterThanOrEqual(3);
      expect(mock.requests[0].headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
      expect(r.code).toBe(3);
      const runDir = join(cwd, 'out', readdirSync(join(cwd, 'out'))[0]);
      const results = readFileSync(join(runDir, 'results.csv'), 'utf8');
      expect(results).toMatch(/HTTP 401 authentication_error/);
      expect(leaked(r.out)).toEqual([]);
      expect(filesHolding(cwd)).toEqual([]);
      // run.json and run-plan.json record resolved options, never the environment wholesale.
      for (const f of ['run.json', 'run-plan.json']) {
        const text = readFileSync(join(runDir, f), 'utf8');
        expect(text).not.toContain('ANTHROPIC');
        expect(text).not.toContain(mock.url);
        expect(text).not.toContain(process.env.PATH ?? '\0');
      }
    });
  });

  it('memeval chat with Claude (mock): the database, the folder and the output hold no key', async () => {
    await withMockAnthropic(async (mock) => {
      mock.script({ kind: 'ok', text: 'Noted.' }, { kind: 'echo-auth' });
      const cwd = tempDir();
      const r = await memeval(['chat', '--model', 'claude-haiku-4-5', '--user', 'u', '--session', 's', '--db', 'mem.db', '--max-retries', '0'], cwd, canaryEnv(mock.url), `my key is ${CANARY_KEY.slice(0, 8)}\nwhat is it?\n/profile token=abc\n`);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/HTTP 401 authentication_error/);
      expect(leaked(r.out)).toEqual([]);
      expect(readdirSync(cwd)).toContain('mem.db');
      expect(filesHolding(cwd)).toEqual([]);
    });
  });

  it('the model stack with a record cache: cache files and the error of a failed call hold no key', async () => {
    await withMockAnthropic(async (mock) => {
      mock.script({ kind: 'ok', text: 'first' }, { kind: 'echo-auth' });
      const dir = tempDir();
      const stack = createModelStack('claude-haiku-4-5', {
        ledger: new SpendLedger(),
        cache: { mode: 'auto', dir },
        anthropic: { apiKey: CANARY_KEY, baseURL: mock.url, maxRetries: 0, env: {} },
      });
      const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }], maxTokens: 64 });
      await stack.forRepeat(0).complete(ask('hello'));
      const err = await stack.forRepeat(0).complete(ask('again')).then(() => null, (e: unknown) => toError(e));
      expect(err?.message).toMatch(/401/);
      expect(leaked(`${err?.message} ${err?.stack} ${JSON.stringify(err)}`)).toEqual([]);
      expect(filesHolding(dir)).toEqual([]);
      expect(readdirSync(dir, { recursive: true }).length).toBeGreaterThan(0);
    });
  });
});
