import { describe, expect, it } from 'vitest';
import { TRUNCATION_MARKER, roundTokens } from '../../src/strategy/context.js';
import { estimateCounter } from '../../src/tokens.js';
import { DAY_MS, memoryStore, saveTurn, strategyFor } from './helpers.js';

const round = (sessionId: string, user: string, reply: string) => [
  { userId: 'u', sessionId, role: 'user' as const, content: user },
  { userId: 'u', sessionId, role: 'assistant' as const, content: reply },
];

describe('recency strategy', () => {
  it('keeps the newest whole rounds that fit, sent oldest first with dates', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('recency');
    for (let i = 0; i < 5; i++) {
      await saveTurn(store, s, clock, round('a', `question number ${i}`, `answer number ${i}`));
      clock.advance(DAY_MS);
    }
    // Selection charges each turn its stored count plus its date label (an upper bound of the rendered cost).
    const perRound = roundTokens(store.history('u').slice(0, 2), estimateCounter, true);
    const ctx = await s.buildContext({
      store,
      clock,
      userId: 'u',
      sessionId: 'a',
      query: 'x',
      budgetTokens: 2 * perRound + 3,
    });
    expect(ctx.messages.map((m) => m.content)).toEqual([
      '[2024-01-04 Thu] question number 3',
      '[2024-01-04 Thu] answer number 3',
      '[2024-01-05 Fri] question number 4',
      '[2024-01-05 Fri] answer number 4',
    ]);
    expect(ctx.messageIds).toEqual([7, 8, 9, 10]);
  });

  it('truncates a newest message larger than the whole budget, with a marker, instead of dropping it', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('recency', { dates: false });
    await saveTurn(store, s, clock, round('a', 'an older short turn', 'fine'));
    const huge = `My allergy list starts with peanuts. ${'and more details '.repeat(400)}`;
    await saveTurn(store, s, clock, round('a', huge, 'Understood.'));
    const ctx = await s.buildContext({ store, clock, userId: 'u', sessionId: 'a', query: 'x', budgetTokens: 50 });
    expect(ctx.messages).toHaveLength(1);
    expect(ctx.messages[0].content.startsWith('My allergy list starts with peanuts.')).toBe(true);
    expect(ctx.messages[0].content.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(ctx.contextTokens).toBeLessThanOrEqual(50);
    expect(ctx.messageIds).toEqual([3]);
  });

  it('an older round that does not fit ends the window (the context stays a contiguous tail)', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('recency', { dates: false });
    await saveTurn(store, s, clock, round('a', 'tiny', 'ok'));
    await saveTurn(store, s, clock, round('a', 'x'.repeat(400), 'ok'));
    await saveTurn(store, s, clock, round('a', 'newest', 'ok'));
    const ctx = await s.buildContext({ store, clock, userId: 'u', sessionId: 'a', query: 'x', budgetTokens: 20 });
    expect(ctx.messageIds).toEqual([5, 6]);
  });

  it('a budget too small for even the marker gives an empty context, not an overrun', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('recency');
    await saveTurn(store, s, clock, round('a', 'a long enough sentence to need truncation here', 'ok'));
    const ctx = await s.buildContext({ store, clock, userId: 'u', sessionId: 'a', query: 'x', budgetTokens: 3 });
    expect(ctx.messages).toEqual([]);
    expect(ctx.contextTokens).toBe(0);
  });

  it('scope=session sees only the current session; scope=user spans sessions', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('recency');
    await saveTurn(store, s, clock, round('old', 'from the old session', 'ok'));
    await saveTurn(store, s, clock, round('new', 'from the new session', 'ok'));
    const req = { store, clock, userId: 'u', sessionId: 'new', query: 'x', budgetTokens: 500 };
    expect((await (await strategyFor('recency', { scope: 'session' })).buildContext(req)).messageIds).toEqual([3, 4]);
    expect((await s.buildContext(req)).messageIds).toEqual([1, 2, 3, 4]);
  });
});
