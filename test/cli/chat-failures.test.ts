import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { ConversationStore } from '../../src/store/sqlite.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { withMockAnthropic } from '../helpers/mock-anthropic.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURES = join(REPO_ROOT, 'test/fixtures');

/** The environment without Anthropic or MEMEVAL_* settings of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_') && !k.startsWith('MEMEVAL_')),
  );
  return { ...env, ...extra };
}

function chat(args: string[], stdin: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  return runCli(['chat', ...args], { cwd: REPO_ROOT, env, stdin });
}

function history(db: string, userId = 'u1'): string[] {
  const store = new ConversationStore(db, { clock: new ManualClock(0) });
  try {
    return store.history(userId).map((m) => `${m.role}: ${m.content}`);
  } finally {
    store.close();
  }
}

describe('memeval chat: bad ids are bad input', () => {
  it.each([
    ['--user', ['--user', '', '--session', 's1']],
    ['--user', ['--user', '   ', '--session', 's1']],
    ['--session', ['--user', 'u1', '--session', '']],
  ])('an empty %s exits 2 with one line naming it, before any database is made', async (flag, ids) => {
    const db = join(tempDir(), 'sub', 'memory.db');
    const r = await chat([...ids, '--db', db], 'hello\n');
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(`memeval: ${flag}: must not be empty; got `)).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(existsSync(join(db, '..'))).toBe(false);
  });
});

describe('memeval chat: a failed exchange costs the turn’s answer, never the turn', () => {
  it('a failed API call: the error is shown, the session goes on, and the user’s turn is in the history and the next context', async () => {
    await withMockAnthropic(async (mock) => {
      mock.script({ kind: 'server-error' }, { kind: 'ok', text: 'It is 4471.' });
      const db = join(tempDir(), 'memory.db');
      const env = cleanEnv({ ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: mock.url });
      const r = await chat(
        ['--model', 'claude-haiku-4-5', '--user', 'u1', '--session', 's1', '--db', db, '--max-retries', '0'],
        'My locker code is 4471.\nWhat is my locker code?\n',
        env,
      );
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/claude-haiku-4-5: HTTP 500/);
      expect(r.stdout).toBe('It is 4471.\n');
      expect(JSON.stringify(mock.requests[1].body.messages)).toContain('My locker code is 4471.');
      expect(history(db)).toEqual([
        'user: My locker code is 4471.',
        'user: What is my locker code?',
        'assistant: It is 4471.',
      ]);
    });
  });

  it('an empty reply or a tool_use-only reply: a failed turn with its reason, not the end of the session', async () => {
    await withMockAnthropic(async (mock) => {
      mock.script(
        {
          kind: 'ok',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }],
          stopReason: 'tool_use',
        },
        { kind: 'ok', text: '' },
        { kind: 'ok', text: 'Still here.' },
      );
      const db = join(tempDir(), 'memory.db');
      const env = cleanEnv({ ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_BASE_URL: mock.url });
      const r = await chat(
        ['--model', 'claude-haiku-4-5', '--user', 'u1', '--session', 's1', '--db', db],
        'first\nsecond\nthird\n',
        env,
      );
      expect(r.status).toBe(0);
      expect(r.stderr).toContain(
        'memeval: claude-haiku-4-5: empty reply (stop reason tool_use): the model returned no text',
      );
      expect(r.stderr).toContain(
        'memeval: claude-haiku-4-5: empty reply (stop reason end_turn): the model returned no text',
      );
      expect(r.stdout).toBe('Still here.\n');
      expect(history(db)).toEqual(['user: first', 'user: second', 'user: third', 'assistant: Still here.']);
    });
  });

  it('a strategy that throws ends the session with exit 3 and a message naming it; the turn and earlier ones are saved', async () => {
    const db = join(tempDir(), 'memory.db');
    const strategy = join(FIXTURES, 'strategies/throws-on-sister.ts');
    const r = await chat(
      ['--user', 'u1', '--session', 's1', '--db', db, '--strategy', strategy],
      'I live in Lisbon.\nMy sister is Marta.\nAnything else?\n',
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      'memeval: strategy throws-on-sister: buildContext failed: strategy exploded on purpose\n',
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1); // only the first turn was answered
    expect(history(db)).toEqual([
      'user: I live in Lisbon.',
      expect.stringMatching(/^assistant: /),
      'user: My sister is Marta.',
    ]);
  });

  it('a strategy that calls process.exit or sends more than the budget is a failure with its reason, exit 3', async () => {
    for (const [name, reason] of [
      ['calls-exit', 'buildContext called process.exit(0)'],
      ['over-budget', 'context over budget: it sends'],
    ]) {
      const db = join(tempDir(), 'memory.db');
      const r = await chat(
        ['--user', 'u1', '--session', 's1', '--db', db, '--strategy', join(FIXTURES, `strategies/hostile-${name}.ts`)],
        'hello\n',
      );
      expect(r.status, name).toBe(3);
      expect(r.stderr, name).toContain(`memeval: strategy hostile-${name}: ${reason}`);
      expect(history(db), name).toEqual(['user: hello']);
    }
  });
});
