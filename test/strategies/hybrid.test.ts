import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/strategy/rrf.js';
import { memoryStore, saveTurn, strategyFor } from './helpers.js';

describe('reciprocal rank fusion', () => {
  it('sums 1/(k + rank) over the lists', () => {
    const fused = reciprocalRankFusion(
      [
        [1, 2, 3],
        [3, 1],
      ],
      60,
    );
    expect(fused.map((f) => f.id)).toEqual([1, 3, 2]);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[2].score).toBeCloseTo(1 / 62, 12);
  });

  it('breaks ties by first appearance, so the order is deterministic', () => {
    expect(reciprocalRankFusion([[7], [9]]).map((f) => f.id)).toEqual([7, 9]);
  });
});

describe('hybrid strategy', () => {
  it('ranks a turn both rankers find above turns only one finds', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('hybrid', { recentTurns: 0 });
    const say = (content: string) =>
      saveTurn(store, s, clock, [{ userId: 'u', sessionId: 'a', role: 'user', content }]);
    await say('The wifi password at the cabin is heron42.');
    await say('Cabin weekends are the best.');
    await say('My password manager is broken.');
    for (let i = 0; i < 10; i++) await say(`Filler line ${i} about lunch.`);
    const ctx = await s.buildContext({
      store,
      clock,
      userId: 'u',
      sessionId: 'b',
      query: 'cabin wifi password',
      budgetTokens: 500,
    });
    expect(ctx.rankedIds?.[0]).toBe(1);
    expect(ctx.rankedIds?.slice(1, 3).sort()).toEqual([2, 3]);
  });

  it('does not repeat the profile the chatbot already sends', async () => {
    const { store, clock } = memoryStore();
    store.setProfile('u', 'city', 'Lisbon');
    const s = await strategyFor('hybrid');
    await saveTurn(store, s, clock, [{ userId: 'u', sessionId: 'a', role: 'user', content: 'I live in Lisbon.' }]);
    const ctx = await s.buildContext({ store, clock, userId: 'u', sessionId: 'a', query: 'city?', budgetTokens: 500 });
    expect(ctx.system).toBeUndefined();
  });
});
