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
async function memeval(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin = '',
): Promise<{ code: number | null; out: string }> {
  const r = await runCli(args, { cwd, env, stdin });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** The test's environment with a canary key and the mock as the API; nothing else of Anthropic's. */
function canaryEnv(url: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_')));
  return { ...env, ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: url };
}

/** Every file under `dir` (SQLite databases and WAL files included, read as bytes) that holds a needle. */
function filesHolding(dir: string, needles: readonly string[] = NEEDLES): string[] {
  const hits: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const bytes = readFileSync(join(e.parentPath, e.name));
    if (needles.some((n) => bytes.includes(n))) hits.push(join(e.parentPath, e.name));
  }
  return hits;
}

const leaked = (text: string) => NEEDLES.filter((n) => text.includes(n));

/** Another credential the process holds (a Hugging Face token), echoed back like the key. */
const HF_CANARY = 'hf_canaryTokenQ7w2e9r4t6y8u1i3';

describe('secrets: a canary API key never reaches a file or a message', () => {
  it('memeval run with the offline model and Claude (mock), including a 401 that echoes the Authorization header', async () => {
    await withMockAnthropic(async (mock) => {
      // The second call gets a 401 whose message repeats the key, as a careless proxy might.
      mock.script({ kind: 'ok', text: 'You live in Lisbon.' }, { kind: 'echo-auth' });
      const cwd = tempDir();
      const args = [
        'run',
        '--scenario',
        FIXTURE,
        '--strategy',
        'recency',
        '--model',
        'offline,claude-haiku-4-5',
        '--out',
        'out',
        '-j',
        '1',
        '--keep-db',
      ];
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
      const r = await memeval(
        [
          'chat',
          '--model',
          'claude-haiku-4-5',
          '--user',
          'u',
          '--session',
          's',
          '--db',
          'mem.db',
          '--max-retries',
          '0',
        ],
        cwd,
        canaryEnv(mock.url),
        `my key is ${CANARY_KEY.slice(0, 8)}\nwhat is it?\n/profile token=abc\n`,
      );
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
      const err = await stack
        .forRepeat(0)
        .complete(ask('again'))
        .then(
          () => null,
          (e: unknown) => toError(e),
        );
      expect(err?.message).toMatch(/401/);
      expect(leaked(`${err?.message} ${err?.stack} ${JSON.stringify(err)}`)).toEqual([]);
      expect(filesHolding(dir)).toEqual([]);
      expect(readdirSync(dir, { recursive: true }).length).toBeGreaterThan(0);
    });
  });
});

describe('secrets: a successful reply that echoes a secret carries it nowhere', () => {
  const needles = [...NEEDLES, HF_CANARY];
  const echoEnv = (url: string) => ({ ...canaryEnv(url), HF_TOKEN: HF_CANARY });

  it('memeval run, report, check and baseline: results, journal, report.html, cache, kept databases and output hold no secret', async () => {
    await withMockAnthropic(async (mock) => {
      // Every reply, chat and judge alike, repeats the key and the token, as a careless proxy might.
      mock.defaultText = () => `Sure. Your key is ${CANARY_KEY} and your token ${HF_CANARY}; you live in Lisbon.`;
      const cwd = tempDir();
      const env = echoEnv(mock.url);
      const args = [
        'run',
        '--scenario',
        FIXTURE,
        '--strategy',
        'recency',
        '--model',
        'claude-haiku-4-5',
        '--judge',
        'claude:claude-haiku-4-5',
        '--out',
        'out',
        '-j',
        '1',
        '--keep-db',
      ];
      const r = await memeval(args, cwd, env);
      expect(r.code).toBe(0);
      const runDir = join(cwd, 'out', readdirSync(join(cwd, 'out'))[0]);
      // The reply did arrive, scrubbed: its own words are in the results.
      expect(readFileSync(join(runDir, 'results.jsonl'), 'utf8')).toContain(
        'Your key is [redacted] and your token [redacted]',
      );
      const more = [
        await memeval(['report', runDir], cwd, env),
        await memeval(['baseline', 'bless', '--from', runDir], cwd, env),
        await memeval(
          ['check', '--baseline', 'reports/baseline/summary.csv', '--current', runDir, '--junit', 'junit.xml'],
          cwd,
          env,
        ),
        // A replay reads the recordings back.
        await memeval([...args.slice(0, -5), '--out', 'again', '--cache', 'replay'], cwd, env),
      ];
      expect(more.map((m) => m.code)).toEqual([0, 0, 0, 0]);
      expect(readdirSync(join(cwd, '.memeval', 'cache')).length).toBeGreaterThan(0);
      for (const out of [r, ...more]) expect(needles.filter((n) => out.out.includes(n))).toEqual([]);
      expect(filesHolding(cwd, needles)).toEqual([]);
    });
  });

  it('memeval chat: the reply printed and the turn stored are scrubbed', async () => {
    await withMockAnthropic(async (mock) => {
      mock.defaultText = () => `Your key is ${CANARY_KEY}.`;
      const cwd = tempDir();
      const r = await memeval(
        ['chat', '--model', 'claude-haiku-4-5', '--user', 'u', '--session', 's', '--db', 'mem.db'],
        cwd,
        echoEnv(mock.url),
        `what is my key?\nmy token is ${HF_CANARY}\n/profile token=${HF_CANARY}\n/profile\n`,
      );
      expect(r.code).toBe(0);
      expect(r.out).toContain('Your key is [redacted].');
      expect(needles.filter((n) => r.out.includes(n))).toEqual([]);
      expect(filesHolding(cwd, needles)).toEqual([]);
    });
  });

  it('credentials in the base URL never reach results, the report or the output, even through error text', async () => {
    await withMockAnthropic(async (mock) => {
      const cwd = tempDir();
      const port = new URL(mock.url).port;
      const creds = ['proxyuser:hunter2-canary-pass', 'user:pass'];
      for (const [i, userinfo] of creds.entries()) {
        const env = { ...canaryEnv(`http://${userinfo}@127.0.0.1:${port}`) };
        const r = await memeval(
          [
            'run',
            '--scenario',
            FIXTURE,
            '--strategy',
            'recency',
            '--model',
            'claude-haiku-4-5',
            '--out',
            `out${i}`,
            '--max-retries',
            '0',
            '--cache',
            'off',
          ],
          cwd,
          env,
        );
        // Whatever the call did, its outcome is a finished run whose files name no credential.
        expect([0, 3]).toContain(r.code);
        expect(r.out).not.toContain(userinfo);
        expect(r.out).not.toContain('hunter2-canary-pass');
      }
      expect(filesHolding(cwd, ['hunter2-canary-pass', 'user:pass', ...NEEDLES])).toEqual([]);
    });
  });

  it('the library: a key given in code (not the environment) is scrubbed from a reply that echoes it', async () => {
    await withMockAnthropic(async (mock) => {
      const key = 'sk-ant-library-only-9d8c7b6a5f4e3d2c';
      mock.defaultText = () => `echo ${key}`;
      const stack = createModelStack('claude-haiku-4-5', {
        ledger: new SpendLedger(),
        cache: { mode: 'off' },
        anthropic: { apiKey: key, baseURL: mock.url, maxRetries: 0, env: {} },
      });
      const reply = await stack.forRepeat(0).complete({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 16 });
      expect(reply.text).toBe('echo [redacted]');
    });
  });
});
