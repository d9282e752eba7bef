import { describe, expect, it } from 'vitest';
import { TRUNCATION_MARKER } from '../../src/strategy/context.js';
import { buildDeps } from '../../src/strategy/deps.js';
import { DAY_MS, hashDeps, memoryStore, saveTurn, strategyFor } from './helpers.js';

const turn = (userId: string, sessionId: string, user: string, reply = 'Noted.') => [
  { userId, sessionId, role: 'user' as const, content: user },
  { userId, sessionId, role: 'assistant' as const, content: reply },
];
const ask = (query: string, extra: Record<string, unknown> = {}) => ({
  userId: 'u',
  sessionId: 'now',
  query,
  budgetTokens: 400,
  ...extra,
});

describe('semantic strategy', () => {
  it('embeds user and assistant turns on save and stores them with the embedder id', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic');
    await saveTurn(store, s, clock, turn('u', 'a', 'I keep bees in my garden.', 'Bees need a sheltered hive.'));
    const rows = store.embeddings('u', 'hash-384-v1');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    expect(rows[0].vector).toHaveLength(384);
    expect(store.unembedded('u', 'hash-384-v1')).toEqual([]);
  });

  it('with embedUserOnly, embeds only user turns', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic', { embedUserOnly: true });
    await saveTurn(store, s, clock, turn('u', 'a', 'I keep bees in my garden.'));
    expect(store.embeddings('u', 'hash-384-v1', { roles: ['user', 'assistant'] }).map((r) => r.id)).toEqual([1]);
  });

  it('finds a fact the assistant stated (the seed, embedding user turns only, could not)', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic', { recentTurns: 0, topK: 1 });
    await saveTurn(
      store,
      s,
      clock,
      turn('u', 'a', 'Which plant should I buy?', 'A lavender bush suits a sunny balcony.'),
    );
    for (let i = 0; i < 20; i++)
      await saveTurn(store, s, clock, turn('u', `b${i}`, `Unrelated chat about trains number ${i}.`));
    const ctx = await s.buildContext({ store, clock, ...ask('Remind me about the lavender bush for my balcony') });
    expect(ctx.rankedIds?.[0]).toBe(2);
    expect(ctx.messages.map((m) => m.content).join('\n')).toContain('lavender bush');
  });

  it('returns whole rounds in chronological order with dates, plus the recent window', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic', { topK: 2, recentTurns: 2 });
    await saveTurn(store, s, clock, turn('u', 'a', 'My dentist is Dr Okafor.', 'Good to know.'));
    clock.advance(10 * DAY_MS);
    await saveTurn(store, s, clock, turn('u', 'b', 'The dentist appointment moved to Friday.', 'Updated.'));
    clock.advance(10 * DAY_MS);
    await saveTurn(store, s, clock, turn('u', 'now', 'I had pancakes today.', 'Yum.'));
    const ctx = await s.buildContext({
      store,
      clock,
      ...ask('Who is my dentist and when is the dentist appointment?'),
    });
    expect(ctx.messages.map((m) => m.content)).toEqual([
      '[2024-01-01 Mon] My dentist is Dr Okafor.',
      '[2024-01-01 Mon] Good to know.',
      '[2024-01-11 Thu] The dentist appointment moved to Friday.',
      '[2024-01-11 Thu] Updated.',
      '[2024-01-21 Sun] I had pancakes today.',
      '[2024-01-21 Sun] Yum.',
    ]);
    expect(ctx.messageIds).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('embeds rows saved without the hook lazily (a restart, a bulk import) and picks up rows other processes add', async () => {
    const { store, clock } = memoryStore();
    store.saveAll(turn('u', 'old', 'My passport number ends in 5521.'));
    const s = await strategyFor('semantic', { recentTurns: 0 });
    let ctx = await s.buildContext({ store, clock, ...ask('What does my passport number end in?') });
    expect(ctx.rankedIds?.[0]).toBe(1);
    expect(store.unembedded('u', 'hash-384-v1')).toEqual([]);
    // Another strategy instance (another process) saves and embeds; this one's cache refreshes by id.
    const other = await strategyFor('semantic');
    await saveTurn(store, other, clock, turn('u', 'x', 'My library card number is 7730.'));
    ctx = await s.buildContext({ store, clock, ...ask('What is my library card number?') });
    expect(ctx.rankedIds?.[0]).toBe(3);
  });

  it("a row another process wrote without a vector, between this process's turns, is still found", async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic', { recentTurns: 0 });
    await saveTurn(store, s, clock, turn('u', 'a', 'I like tea.'));
    await s.buildContext({ store, clock, ...ask('tea') });
    store.saveAll(turn('u', 'b', 'My library card number is 7730.'));
    await saveTurn(store, s, clock, turn('u', 'a', 'I also like coffee.'));
    const ctx = await s.buildContext({ store, clock, ...ask('What is my library card number?') });
    expect(ctx.rankedIds?.[0]).toBe(3);
  });

  it('an oversized newest round does not crowd out retrieval: it is truncated into what is left', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic');
    await saveTurn(store, s, clock, turn('u', 'now', 'My flight confirmation code is QX7P2L.'));
    await saveTurn(store, s, clock, turn('u', 'now', `Here is the log: ${'INFO worker processed batch '.repeat(300)}`));
    const ctx = await s.buildContext({
      store,
      clock,
      ...ask('What is my flight confirmation code?', { budgetTokens: 300 }),
    });
    const text = ctx.messages.map((m) => m.content).join('\n');
    expect(text).toContain('QX7P2L');
    expect(text).toContain(TRUNCATION_MARKER.trim());
    expect(ctx.contextTokens).toBeLessThanOrEqual(300);
  });

  it('falls back to recency when nothing is embedded or similar', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('semantic');
    const recency = await strategyFor('recency');
    store.saveAll(turn('u', 'a', 'Hello there.'));
    const req = { store, clock, ...ask('and then?') };
    expect(await s.buildContext(req)).toEqual(await recency.buildContext(req));
  });

  it("describe() names the embedder actually used; 'auto' logs one line saying which", async () => {
    const lines: string[] = [];
    const deps = await buildDeps({ embedder: 'auto', log: (m) => lines.push(m) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(deps.embedder.id);
    for (const name of ['semantic', 'hybrid'])
      expect((await strategyFor(name, {}, deps)).describe().embedder).toBe(deps.embedder.id);
    expect((await strategyFor('semantic', {}, await hashDeps())).describe()).toMatchObject({
      embedder: 'hash-384-v1',
      embedderKind: 'lexical',
    });
  });
});
