import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createStrategy } from '../../src/strategy/load.js';
import { z } from 'zod';
import { defineStrategy, type MemoryContext, type StrategyDefinition } from '../../src/strategy/types.js';
import { ConversationStore } from '../../src/store/sqlite.js';
import type { NewMessage, Role } from '../../src/store/types.js';
import { Random } from '../../src/util/random.js';
import { STRATEGIES } from '../../strategies/index.js';
import { quietDeps } from '../helpers/cells.js';

const HISTORIES = 1000;
const PER_STORE = 100;
/** Words every user shares, so retrieval has every reason to reach across users. */
const WORDS = [
  'locker',
  'code',
  'sister',
  'city',
  'password',
  'flight',
  'doctor',
  'garden',
  'piano',
  'wifi',
  'parrot',
  'bike',
  'office',
  'recipe',
];
const MARKER = /mk(\d+)u(\d+)k/g;

/** Each history's users get a marker token, `mk<history>u<user>k`, in every message they send or receive. */
const marker = (h: number, u: number) => `mk${h}u${u}k`;

interface History {
  h: number;
  users: number;
  /** Each turn: one user's message and, usually, the reply, in one session. */
  turns: NewMessage[][];
}

/**
 * A random multi-user history: 2–4 users, interleaved turns, session ids that repeat across users
 * (so a session-scoped read is tested too), shared vocabulary, and each user's marker in its text.
 */
function randomHistory(rng: Random, h: number, startMs: number): History {
  const users = rng.int(2, 4);
  const turns: NewMessage[][] = [];
  const count = rng.int(3, 12);
  for (let t = 0; t < count; t++) {
    const u = rng.int(0, users - 1);
    const sessionId = `s${rng.int(1, 2)}`;
    const turn: NewMessage[] = [];
    for (const role of ['user', 'assistant'] as Role[]) {
      if (role === 'assistant' && rng.float() < 0.3) continue;
      const words = Array.from({ length: rng.int(3, 9) }, () => rng.pick(WORDS));
      turn.push({
        userId: `h${h}-u${u}`,
        sessionId,
        role,
        content: `${words.join(' ')} ${marker(h, u)} ${rng.int(0, 9999)}`,
        createdAtMs: startMs + t * 60_000,
      });
    }
    turns.push(turn);
  }
  return { h, users, turns };
}

/** Option sets to try per strategy: its defaults (all of a user's sessions), and session scope when it has one. */
function variants(def: StrategyDefinition): unknown[] {
  const narrow = def.options.safeParse({ scope: 'session' });
  return narrow.success ? [{}, { scope: 'session' }] : [{}];
}

function contextText(c: MemoryContext): string {
  return [c.system ?? '', ...c.messages.map((m) => m.content)].join('\n');
}

/** Replays `count` seeded histories through every option variant of `def`; returns what leaked. */
async function checkIsolation(def: StrategyDefinition, count: number): Promise<{ contexts: number; leaks: string[] }> {
  const deps = await quietDeps();
  const rng = new Random(20_241_125);
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  let contexts = 0;
  const leaks: string[] = [];
  for (let batch = 0; batch * PER_STORE < count; batch++) {
    // One shared store per batch: many users' histories side by side, as in a real database.
    const store = new ConversationStore(':memory:', { clock, tokenCounter: deps.tokenCounter });
    const strategies = variants(def).map((o) => createStrategy(def, o, deps));
    const owner = new Map<number, string>();
    const histories: History[] = [];
    for (let i = 0; i < Math.min(PER_STORE, count - batch * PER_STORE); i++) {
      const history = randomHistory(rng, batch * PER_STORE + i, clock.nowMs());
      histories.push(history);
      // Saved a turn at a time (a user message and its reply), as the chatbot saves them.
      for (const turn of history.turns) {
        const saved = store.saveAll(turn);
        for (const m of saved) owner.set(m.id, m.userId);
        for (const s of strategies)
          await s.afterSave?.({
            store,
            userId: saved[0].userId,
            sessionId: saved[0].sessionId,
            messages: saved,
            clock,
          });
      }
    }
    clock.advance(86_400_000);
    for (const { h, users } of histories) {
      for (let u = 0; u < users; u++) {
        const userId = `h${h}-u${u}`;
        // The question names another user's marker and shared words: the strongest lure there is.
        const query = `what ${rng.pick(WORDS)} ${rng.pick(WORDS)} ${marker(h, (u + 1) % users)}?`;
        for (const s of strategies) {
          const c = await s.buildContext({
            store,
            userId,
            sessionId: `s${rng.int(1, 3)}`,
            query,
            budgetTokens: rng.int(40, 2000),
            clock,
          });
          contexts++;
          for (const id of [...c.messageIds, ...(c.rankedIds ?? [])])
            if (owner.get(id) !== userId) leaks.push(`${s.name} ${userId}: message ${id} of ${owner.get(id)}`);
          for (const [m, mh, mu] of contextText(c).matchAll(MARKER))
            if (Number(mh) !== h || Number(mu) !== u) leaks.push(`${s.name} ${userId}: text ${m}`);
        }
      }
    }
    store.close();
  }
  return { contexts, leaks };
}

describe('isolation property: no context carries another user', () => {
  for (const [name, def] of Object.entries(STRATEGIES) as [string, StrategyDefinition][]) {
    it(`${name}: ${HISTORIES} random multi-user histories, no foreign message id or text in any context`, async () => {
      const { contexts, leaks } = await checkIsolation(def, HISTORIES);
      expect(leaks).toEqual([]);
      expect(contexts).toBeGreaterThan(HISTORIES * 2);
    });
  }

  it('the check catches a strategy that reads the neighbouring user', async () => {
    const leaky = defineStrategy({
      name: 'leaky',
      description: 'reads user u0 of the same history whoever asks',
      options: z.object({}).strict(),
      create: () => ({
        name: 'leaky',
        describe: () => ({ embedder: 'none' }),
        async buildContext({ store, userId }) {
          const neighbour = userId.replace(/u\d+$/, 'u0');
          const msgs = store.history(neighbour).slice(-2);
          return {
            messages: msgs.map((m) => ({
              role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
              content: m.content,
            })),
            messageIds: msgs.map((m) => m.id),
            contextTokens: 0,
          };
        },
      }),
    });
    const { leaks } = await checkIsolation(leaky as StrategyDefinition, 20);
    expect(leaks.some((l) => l.includes(': message '))).toBe(true);
    expect(leaks.some((l) => l.includes(': text mk'))).toBe(true);
  });
});
