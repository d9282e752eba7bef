import { describe, expect, it } from 'vitest';
import { OfflineModel } from '../../src/models/offline.js';
import { creditedIds, survivesInSummary } from '../../src/strategy/summary-credit.js';
import { estimateTokens } from '../../src/tokens.js';
import { contentTerms } from '../../src/util/text.js';
import { memoryStore, saveTurn, strategyFor } from './helpers.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const FACT = 'My locker at the Zurich office is number 4471.';
const OPTIONS = { thresholdTokens: 400, keepRecentTokens: 100, summaryTokens: 60 };
// Each filler has words of its own, so whether it survived in a summary is its own doing.
const filler = (i: number) => `we talked about topic${i}alpha and topic${i}beta today, nothing more`;

async function setup() {
  const { store, clock } = memoryStore();
  const s = await strategyFor('summary', OPTIONS);
  const say = (text: string, sessionId = 's1') =>
    saveTurn(store, s, clock, [
      { userId: 'u', sessionId, role: 'user', content: text },
      { userId: 'u', sessionId, role: 'assistant', content: 'ok' },
    ]);
  return { store, clock, s, say };
}

describe('summary strategy', () => {
  it('compacts exactly when the unsummarised history passes the threshold, and a planted fact survives', async () => {
    const { store, clock, s, say } = await setup();
    await say(FACT);
    let i = 0;
    // Up to and at the threshold nothing is summarised; the save that passes it compacts.
    while (store.tokenTotal('u') + estimateTokens(filler(i)) + estimateTokens('ok') <= OPTIONS.thresholdTokens) {
      await say(filler(i++));
      expect(store.latestSummary('u'), `after ${store.tokenTotal('u')} tokens`).toBeUndefined();
    }
    await say(filler(i++));
    const summary = store.latestSummary('u');
    expect(summary, `after ${store.tokenTotal('u')} tokens`).toBeDefined();
    expect(summary!.content).toContain('4471');
    expect(summary!.tokenCount).toBeLessThanOrEqual(OPTIONS.summaryTokens);
    const covers = store.summaryCovers('u', summary!.id);
    expect(covers[0]).toBe(1);
    // What is left unsummarised is within keepRecentTokens.
    expect(store.tokenTotal('u', { afterId: covers.at(-1) })).toBeLessThanOrEqual(OPTIONS.thresholdTokens);

    const ctx = await s.buildContext({
      store,
      clock,
      userId: 'u',
      sessionId: 's2',
      query: 'What is my locker number?',
      budgetTokens: 200,
    });
    expect(ctx.system).toContain('4471');
    expect(ctx.contextTokens).toBeLessThanOrEqual(200);
    expect(ctx.messageIds).toContain(1);
    const answer = new OfflineModel().answer({
      system: ctx.system,
      messages: [...ctx.messages, { role: 'user', content: 'What is my locker number?' }],
    });
    expect(answer).toContain('4471');
  });

  it('rolls up: the next summary summarises the previous one plus the next chunk and covers both', async () => {
    const { store, say } = await setup();
    await say(FACT);
    let i = 0;
    while (!store.latestSummary('u')) await say(filler(i++));
    const first = store.latestSummary('u')!;
    const firstCovers = store.summaryCovers('u', first.id);
    while (store.latestSummary('u')!.id === first.id) await say(filler(i++));
    const second = store.latestSummary('u')!;
    const secondCovers = store.summaryCovers('u', second.id);
    expect(secondCovers).toEqual(expect.arrayContaining(firstCovers));
    expect(secondCovers.length).toBeGreaterThan(firstCovers.length);
    expect(second.content).toContain('4471');
  });

  it('the third roll-up still covers the first chunk’s messages, and never another user’s', async () => {
    const { store, clock, s, say } = await setup();
    const fact = (await say(FACT))[0];
    const summaries: number[] = [];
    for (let i = 0; summaries.length < 3; i++) {
      await say(filler(i));
      // Another user's turns interleave with u's ids in the same store.
      await saveTurn(store, s, clock, [
        { userId: 'v', sessionId: 's1', role: 'user', content: `v says ${filler(1000 + i)}` },
        { userId: 'v', sessionId: 's1', role: 'assistant', content: 'ok' },
      ]);
      const latest = store.latestSummary('u');
      if (latest && latest.id !== summaries.at(-1)) summaries.push(latest.id);
    }
    const [first, , third] = summaries.map((id) => store.summaryCovers('u', id));
    expect(first).toContain(fact.id);
    expect(third).toEqual(expect.arrayContaining(first));
    const vIds = new Set(store.history('v').map((m) => m.id));
    expect(vIds.size).toBeGreaterThan(0);
    expect(third.filter((id) => vIds.has(id))).toEqual([]);
    expect(store.byIds('u', third)).toHaveLength(third.length);
    // Reached through the chain: the third summary stores only its own chunk's ids.
    const ownRows = sqliteOf(store)
      .prepare('SELECT count(*) AS n FROM summary_covers WHERE summary_id = ?')
      .get(summaries[2]) as { n: number };
    expect(ownRows.n).toBeLessThan(third.length - first.length + 1);
    // v's own summaries cover only v.
    const vSummary = store.latestSummary('v')!;
    expect(store.summaryCovers('v', vSummary.id).every((id) => vIds.has(id))).toBe(true);
    expect(store.summaryCovers('v', summaries[2])).toEqual([]);
  });

  it('credits a covered message only when its content survived into the summary', async () => {
    const { store, clock, s, say } = await setup();
    await say(FACT);
    let i = 0;
    while (!store.latestSummary('u')) await say(filler(i++));
    const summary = store.latestSummary('u')!;
    const covered = store.byIds('u', store.summaryCovers('u', summary.id));
    const credited = creditedIds(summary.content, covered, 0.8);
    const ctx = await s.buildContext({
      store,
      clock,
      userId: 'u',
      sessionId: 's9',
      query: 'locker?',
      budgetTokens: 80,
    });
    expect(ctx.messageIds).toEqual(expect.arrayContaining(credited));
    // The summary kept the fact but not every filler line: covered is not the same as credited.
    expect(credited).toContain(1);
    expect(credited.length).toBeLessThan(covered.length);
    const dropped = covered.filter((m) => !credited.includes(m.id) && m.role === 'user');
    expect(dropped.length).toBeGreaterThan(0);
    for (const m of dropped) expect(ctx.messageIds).not.toContain(m.id);
  });

  it('the credit rule: share of a non-question sentence’s content terms, at least two terms', () => {
    const terms = new Set(contentTerms('User has locker 4471 at the Zurich office.'));
    expect(survivesInSummary({ content: FACT }, terms, 0.8)).toBe(true);
    expect(survivesInSummary({ content: 'Sure. My locker at the Zurich office is number 4471.' }, terms, 0.8)).toBe(
      true,
    );
    expect(survivesInSummary({ content: 'Is my locker at the Zurich office number 4471?' }, terms, 0.8)).toBe(false);
    expect(survivesInSummary({ content: 'My bike at the Geneva station is number 12.' }, terms, 0.8)).toBe(false);
    expect(survivesInSummary({ content: 'Locker!' }, terms, 0.8)).toBe(false);
  });

  it('scope=session summarises each session on its own', async () => {
    const { store, clock } = memoryStore();
    const s = await strategyFor('summary', { ...OPTIONS, scope: 'session' });
    for (let i = 0; i < 80; i++) {
      await saveTurn(store, s, clock, [
        { userId: 'u', sessionId: `s${i % 2}`, role: 'user', content: filler(i) },
        { userId: 'u', sessionId: `s${i % 2}`, role: 'assistant', content: 'ok' },
      ]);
    }
    for (const sessionId of ['s0', 's1']) {
      const summary = store.latestSummary('u', sessionId)!;
      expect(summary).toBeDefined();
      const sessions = new Set(store.byIds('u', store.summaryCovers('u', summary.id)).map((m) => m.sessionId));
      expect([...sessions]).toEqual([sessionId]);
    }
  });

  it('rejects keepRecentTokens at or above the threshold, naming the field', async () => {
    await expect(strategyFor('summary', { thresholdTokens: 100, keepRecentTokens: 100 })).rejects.toThrow(
      /keepRecentTokens/,
    );
  });
});
