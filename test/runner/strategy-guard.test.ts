import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { MemevalError } from '../../src/errors.js';
import { runCell } from '../../src/runner/cell.js';
import { contextTokensSent, guardStrategy, holdExitWatch } from '../../src/runner/strategy-guard.js';
import { resolveStrategySpec } from '../../strategies/lookup.js';
import {
  defineStrategy,
  type ContextRequest,
  type MemoryContext,
  type MemoryStrategy,
} from '../../src/strategy/types.js';
import { estimateCounter, exactStoredCounter } from '../../src/tokens.js';
import { z } from 'zod';
import { cellOf, quietDeps } from '../helpers/cells.js';
import { memoryStore } from '../strategies/helpers.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

function request(budgetTokens = 100): ContextRequest {
  const { store, clock } = memoryStore();
  return { store, clock, userId: 'u', sessionId: 's', query: 'q', budgetTokens };
}

function strategyReturning(context: unknown): MemoryStrategy {
  return {
    name: 'fixture',
    describe: () => ({ embedder: 'none' }),
    buildContext: async () => context as MemoryContext,
  };
}

async function failure(promise: Promise<unknown>): Promise<MemevalError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MemevalError);
  expect((err as MemevalError).code).toBe('STRATEGY_FAILED');
  return err as MemevalError;
}

describe('guardStrategy: what a strategy returns is checked, not trusted', () => {
  const ok: MemoryContext = { messages: [{ role: 'user', content: 'hello there' }], messageIds: [1], contextTokens: 3 };

  it.each([
    ['undefined', undefined, '(root)'],
    ['null', null, '(root)'],
    ['a string', 'context', '(root)'],
    ['messages not a list', { ...ok, messages: 'x' }, 'messages'],
    ['a message with a system role', { ...ok, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role'],
    ['a message without content', { ...ok, messages: [{ role: 'user' }] }, 'messages.0.content'],
    ['ids that are strings', { ...ok, messageIds: ['1'] }, 'messageIds.0'],
    ['contextTokens missing', { messages: [], messageIds: [] }, 'contextTokens'],
    ['contextTokens negative', { ...ok, contextTokens: -1 }, 'contextTokens'],
    ['contextTokens NaN', { ...ok, contextTokens: Number.NaN }, 'contextTokens'],
    ['system not text', { ...ok, system: 42 }, 'system'],
    ['rankedIds not numbers', { ...ok, rankedIds: [null] }, 'rankedIds.0'],
  ])('%s is a wrong-shape failure naming %s', async (_label, context, path) => {
    const guarded = guardStrategy(strategyReturning(context), { counter: estimateCounter });
    const err = await failure(guarded.buildContext(request()));
    expect(err.message).toContain(`strategy fixture: buildContext returned a context of the wrong shape: ${path}: `);
  });

  it('counts the context it sends: over budget fails naming both counts; within budget the counted figure replaces the reported one', async () => {
    const big = { messages: [{ role: 'user', content: 'x'.repeat(4 * 101) }], messageIds: [], contextTokens: 5 };
    const err = await failure(
      guardStrategy(strategyReturning(big), { counter: estimateCounter }).buildContext(request(100)),
    );
    expect(err.message).toBe(
      'strategy fixture: context over budget: it sends 101 tokens (counted by estimate-4cpt), the budget is 100 (it reported 5)',
    );
    // The system text counts too.
    const withSystem = {
      system: 'y'.repeat(4 * 60),
      messages: [{ role: 'user', content: 'x'.repeat(4 * 41) }],
      messageIds: [],
      contextTokens: 1,
    };
    await failure(
      guardStrategy(strategyReturning(withSystem), { counter: estimateCounter }).buildContext(request(100)),
    );
    // Exactly at the budget is fine, and the row reports what was counted, not the claim.
    const atBudget = { messages: [{ role: 'user', content: 'x'.repeat(4 * 100) }], messageIds: [], contextTokens: 5 };
    const context = await guardStrategy(strategyReturning(atBudget), { counter: estimateCounter }).buildContext(
      request(100),
    );
    expect(context.contextTokens).toBe(100);
    expect(contextTokensSent(withSystem as MemoryContext, estimateCounter)).toBe(101);
  });

  it('with exact stored counts the strategy’s own sum is kept, and the estimate still caps the context', async () => {
    const exact = { messages: [{ role: 'user', content: 'x'.repeat(40) }], messageIds: [], contextTokens: 13 };
    const context = await guardStrategy(strategyReturning(exact), { counter: exactStoredCounter }).buildContext(
      request(100),
    );
    expect(context.contextTokens).toBe(13);
    const over = { messages: [{ role: 'user', content: 'x'.repeat(4 * 200) }], messageIds: [], contextTokens: 13 };
    await failure(guardStrategy(strategyReturning(over), { counter: exactStoredCounter }).buildContext(request(100)));
  });

  it('a strategy error is wrapped with the strategy’s name and call, whatever was thrown', async () => {
    for (const thrown of [new Error('boom'), 'a string', { not: 'an error' }]) {
      const s: MemoryStrategy = {
        name: 'fixture',
        describe: () => ({ embedder: 'none' }),
        buildContext: async () => Promise.reject(thrown),
      };
      const err = await failure(guardStrategy(s, { counter: estimateCounter }).buildContext(request()));
      expect(err.message).toMatch(/^strategy fixture: buildContext failed: /);
    }
  });

  it('create() results that are not a strategy are refused; a describe() that throws or lies reads as an unknown embedder', () => {
    for (const created of [
      undefined,
      null,
      {},
      { name: 'x' },
      { name: 'x', describe: () => ({}), buildContext: 'no' },
      { name: '', describe: () => ({}), buildContext: async () => ok },
    ]) {
      expect(() => guardStrategy(created, { counter: estimateCounter })).toThrow(
        /strategy create\(\) must return \{ name, describe, buildContext, afterSave\? \}/,
      );
    }
    const throwing = {
      name: 'x',
      describe: () => {
        throw new Error('no');
      },
      buildContext: async () => ok,
    };
    expect(guardStrategy(throwing, { counter: estimateCounter }).describe()).toEqual({ embedder: 'unknown' });
    const lying = { name: 'x', describe: () => ({ embedder: 7 }), buildContext: async () => ok };
    expect(guardStrategy(lying as never, { counter: estimateCounter }).describe()).toEqual({ embedder: 'unknown' });
    const exiting = { name: 'x', describe: () => process.exit(0), buildContext: async () => ok };
    expect(guardStrategy(exiting, { counter: estimateCounter }).describe()).toEqual({ embedder: 'unknown' });
  });
});

describe('guardStrategy: process.exit inside a strategy call', () => {
  it('fails the call instead of exiting, even when the strategy catches or goes on, and process.exit is itself again after', async () => {
    const real = process.exit;
    const exits: MemoryStrategy = {
      name: 'fixture',
      describe: () => ({ embedder: 'none' }),
      async buildContext() {
        await new Promise((resolve) => setTimeout(resolve, 1));
        try {
          process.exit(4);
        } catch {
          // swallowed
        }
        return { messages: [], messageIds: [], contextTokens: 0 };
      },
    };
    const guarded = guardStrategy(exits, { counter: estimateCounter });
    // Two calls in flight at once (cells run concurrently): each is caught, and the real exit comes back once both end.
    const [a, b] = await Promise.all([
      failure(guarded.buildContext(request())),
      failure(guarded.buildContext(request())),
    ]);
    for (const err of [a, b])
      expect(err.message).toBe(
        'strategy fixture: buildContext called process.exit(4); a strategy must return or throw, never end the process',
      );
    expect(process.exit).toBe(real);
  });

  it('an exit from a timer callback, or one followed by a wait that never ends, fails the call at once', async () => {
    const fromTimer: MemoryStrategy = {
      name: 'fixture',
      describe: () => ({ embedder: 'none' }),
      buildContext: () =>
        new Promise((resolve) =>
          setTimeout(() => (process.exit(0), resolve({ messages: [], messageIds: [], contextTokens: 0 })), 1),
        ),
    };
    const err = await failure(guardStrategy(fromTimer, { counter: estimateCounter }).buildContext(request()));
    expect(err.message).toMatch(/^strategy fixture: buildContext called process\.exit\(0\)/);
    const thenHangs: MemoryStrategy = {
      name: 'fixture',
      describe: () => ({ embedder: 'none' }),
      buildContext: () => new Promise(() => process.exit(2)),
    };
    // The default deadline is five minutes: failing here at once shows the exit, not the deadline, ended it.
    const hung = await failure(guardStrategy(thenHangs, { counter: estimateCounter }).buildContext(request()));
    expect(hung.message).toMatch(/^strategy fixture: buildContext called process\.exit\(2\)/);
  });

  it('an exit from a timer left behind after the call returned does not end the process, and the instance is refused from then on', async () => {
    let exitLater!: () => void;
    const lateExit: MemoryStrategy = {
      name: 'fixture',
      describe: () => ({ embedder: 'none' }),
      async buildContext() {
        // Left behind: a continuation (like a timer) started inside the call, run after it returned.
        void new Promise<void>((resolve) => (exitLater = resolve)).then(() => process.exit(5));
        return { messages: [], messageIds: [], contextTokens: 0 };
      },
    };
    const guarded = guardStrategy(lateExit, { counter: estimateCounter });
    await guarded.buildContext(request());
    // While another strategy call is in flight, the left-behind exit is caught and ignored.
    let release!: () => void;
    const slow: MemoryStrategy = {
      name: 'slow',
      describe: () => ({ embedder: 'none' }),
      buildContext: () =>
        new Promise((resolve) => (release = () => resolve({ messages: [], messageIds: [], contextTokens: 0 }))),
    };
    const other = guardStrategy(slow, { counter: estimateCounter }).buildContext(request());
    await new Promise((resolve) => setImmediate(resolve));
    exitLater();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await other;
    const refused = await failure(guarded.buildContext(request()));
    expect(refused.message).toBe(
      'strategy fixture: not called again after it called process.exit(5) after its buildContext returned',
    );
  });

  it('while a run holds the watch, a left-behind exit is caught with no other call in flight, and the real exit returns on release', async () => {
    const real = process.exit;
    let exitLater!: () => void;
    const s: MemoryStrategy = {
      name: 'fixture',
      describe: () => ({ embedder: 'none' }),
      async buildContext() {
        void new Promise<void>((resolve) => (exitLater = resolve)).then(() => process.exit(6));
        return { messages: [], messageIds: [], contextTokens: 0 };
      },
    };
    const release = holdExitWatch();
    try {
      const guarded = guardStrategy(s, { counter: estimateCounter });
      await guarded.buildContext(request());
      exitLater();
      await new Promise((resolve) => setImmediate(resolve));
      const refused = await failure(guarded.buildContext(request()));
      expect(refused.message).toBe(
        'strategy fixture: not called again after it called process.exit(6) after its buildContext returned',
      );
    } finally {
      release();
    }
    expect(process.exit).toBe(real);
  });
});

describe('guardStrategy: the deadline', () => {
  it('an afterSave that never settles fails after the deadline, and the instance is refused from then on', async () => {
    const s: MemoryStrategy = {
      name: 'fixture',
      describe: () => ({ embedder: 'none' }),
      buildContext: async () => ({ messages: [], messageIds: [], contextTokens: 0 }),
      afterSave: () => new Promise(() => {}),
    };
    const guarded = guardStrategy(s, { counter: estimateCounter, timeoutMs: 20 });
    const { store } = memoryStore();
    const err = await failure(
      guarded.afterSave!({ store, userId: 'u', sessionId: 's', messages: [], clock: new ManualClock(0) }),
    );
    expect(err.message).toBe('strategy fixture: afterSave did not finish within 20 ms (--strategy-timeout-ms)');
    const refused = await failure(guarded.buildContext(request()));
    expect(refused.message).toBe('strategy fixture: not called again after its afterSave did not finish within 20 ms');
  });
});

describe('runCell with a strategy that under-reports its context', () => {
  it('reports the counted context size, and errors the probe once the real context passes the budget', async () => {
    const definition = defineStrategy({
      name: 'claims-five',
      description: 'sends the whole history, says 5 tokens',
      options: z.object({}).strict(),
      create: () => ({
        name: 'claims-five',
        describe: () => ({ embedder: 'none' }),
        async buildContext(req) {
          const history = req.store.history(req.userId);
          return {
            messages: history.map((m) => ({
              role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
              content: m.content,
            })),
            messageIds: history.map((m) => m.id),
            contextTokens: 5,
          };
        },
      }),
    });
    const strategy = {
      ...(await resolveStrategySpec('recency')),
      spec: 'claims-five',
      name: 'claims-five',
      definition,
      resolvedOptions: {},
      label: 'claims-five',
    };
    const turn = (text: string) => ({
      session: { id: `s-${text.length}`, user: 'u', turns: [{ user: text, assistant: 'noted' }] },
    });
    const probe = (id: string) => ({
      probe: { id, user: 'u', question: 'What tea do I like?', expect: { any: ['lapsang'] } },
    });
    const spec = await cellOf(
      [turn('I like lapsang tea.'), probe('small'), turn(`Filler ${'words '.repeat(40)}`), probe('large')],
      { strategy, budgetTokens: 30 },
    );
    const cell = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    const [small, large] = cell.outcomes;
    expect(small.status).toBe('ok');
    // "I like lapsang tea." (5) + "noted" (2), counted; not the 5 it claimed.
    expect(small.status === 'ok' && small.turn.context.contextTokens).toBe(7);
    expect(large).toMatchObject({
      status: 'error',
      error: expect.stringMatching(
        /^strategy claims-five: context over budget: it sends \d+ tokens \(counted by estimate-4cpt\), the budget is 30 \(it reported 5\)$/,
      ),
    });
  });
});
