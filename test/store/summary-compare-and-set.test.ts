import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { Summarizer } from '../../src/models/types.js';
import { OfflineModel } from '../../src/models/offline.js';
import type { ConversationStore } from '../../src/store/sqlite.js';
import { hashDeps, saveTurn, strategyFor } from '../strategies/helpers.js';
import { openStore, useTempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();

function turns(store: ConversationStore, userId: string, n: number, sessionId = 's'): number[] {
  return store
    .saveAll(
      Array.from({ length: n }, (_, i) => ({
        userId,
        sessionId,
        role: i % 2 ? ('assistant' as const) : ('user' as const),
        content: `${userId} turn ${i}`,
      })),
    )
    .map((m) => m.id);
}

describe('saveSummaryIfLatest: a summary is saved only on top of the latest one', () => {
  it('saves when the expected summary is still the latest, and refuses (writing nothing) once another was saved', () => {
    const store = openStore(':memory:');
    const ids = turns(store, 'u', 6);
    const first = store.saveSummaryIfLatest({ userId: 'u', sessionId: 's', content: 'one' }, ids.slice(0, 2), {})!;
    expect(first).toBeDefined();
    // A second "first summary" (it read no summary, but one exists now) is refused.
    expect(
      store.saveSummaryIfLatest({ userId: 'u', sessionId: 's', content: 'fork' }, ids.slice(0, 2), {}),
    ).toBeUndefined();
    const second = store.saveSummaryIfLatest({ userId: 'u', sessionId: 's', content: 'two' }, ids.slice(2, 4), {
      rollsUpId: first.id,
    })!;
    // Rolling up a summary that is no longer the latest is refused too.
    expect(
      store.saveSummaryIfLatest({ userId: 'u', sessionId: 's', content: 'stale' }, ids.slice(2, 4), {
        rollsUpId: first.id,
      }),
    ).toBeUndefined();
    expect(store.history('u', { roles: ['summary'] }).map((m) => m.content)).toEqual(['one', 'two']);
    expect(sqliteOf(store).prepare('SELECT count(*) AS n FROM summary_covers').get()).toEqual({ n: 4 });
    expect(store.summaryCovers('u', second.id)).toEqual(ids.slice(0, 4));
  });

  it('compares within the scope asked: another session’s or user’s summaries do not count', () => {
    const store = openStore(':memory:');
    const a = turns(store, 'u', 2, 'a');
    const b = turns(store, 'u', 2, 'b');
    const v = turns(store, 'v', 2);
    expect(
      store.saveSummaryIfLatest({ userId: 'u', sessionId: 'a', content: 'a' }, a, { scopeSessionId: 'a' }),
    ).toBeDefined();
    expect(
      store.saveSummaryIfLatest({ userId: 'u', sessionId: 'b', content: 'b' }, b, { scopeSessionId: 'b' }),
    ).toBeDefined();
    expect(store.saveSummaryIfLatest({ userId: 'v', sessionId: 's', content: 'v' }, v, {})).toBeDefined();
  });

  it('stamps a roll-up no earlier than the summary it rolls up, so it is the latest even when a clock runs behind', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 2));
    const store = openStore(':memory:', clock);
    const ids = turns(store, 'u', 4);
    const first = store.saveSummaryIfLatest({ userId: 'u', sessionId: 's', content: 'one' }, ids.slice(0, 2), {})!;
    const behind = first.createdAtMs - 60_000;
    const second = store.saveSummaryIfLatest(
      { userId: 'u', sessionId: 's', content: 'two', createdAtMs: behind },
      ids.slice(2),
      { rollsUpId: first.id },
    )!;
    expect(second.createdAtMs).toBe(first.createdAtMs);
    expect(store.latestSummary('u')?.id).toBe(second.id);
  });
});

describe('summary compaction by two chatbots of one user on one database', () => {
  it('the one that loses the race goes on from the winner’s summary instead of summarising the same turns again', async () => {
    const file = join(tempDir(), 'shared.db');
    const clock = new ManualClock(Date.UTC(2024, 0, 1, 9));
    const storeA = openStore(file, clock);
    const storeB = openStore(file, clock);
    const offline = new OfflineModel();
    // A's summariser waits until B's compaction is done, so both read the same latest summary.
    let releaseA!: () => void;
    const aMayFinish = new Promise<void>((resolve) => (releaseA = resolve));
    const gated: Summarizer = { id: 'gated', summarize: async (t, n) => (await aMayFinish, offline.summarize(t, n)) };
    const options = { thresholdTokens: 60, keepRecentTokens: 20, summaryTokens: 20 };
    const a = await strategyFor('summary', options, { ...(await hashDeps()), summarizer: gated });
    const b = await strategyFor('summary', options);
    // Past the threshold, then both compact: A first (blocked in its summariser), then B.
    turns(storeA, 'u', 40);
    const last = storeA.saveAll([{ userId: 'u', sessionId: 's', role: 'user', content: 'one more turn' }]);
    const aDone = a.afterSave!({ store: storeA, userId: 'u', sessionId: 's', messages: last, clock });
    await b.afterSave!({ store: storeB, userId: 'u', sessionId: 's', messages: last, clock });
    const afterB = storeB.history('u', { roles: ['summary'] }).length;
    expect(afterB).toBeGreaterThan(0);
    releaseA();
    await aDone;
    // A found B's summary in place, refused its own and had nothing left over the threshold.
    expect(storeA.history('u', { roles: ['summary'] })).toHaveLength(afterB);
    const twice = sqliteOf(storeA)
      .prepare(
        'SELECT count(*) AS n FROM (SELECT message_id FROM summary_covers GROUP BY message_id HAVING count(*) > 1)',
      )
      .get();
    expect(twice).toEqual({ n: 0 });

    // With more turns, A compacts on top of B's chain: one chain, each message once.
    for (let i = 0; i < 10; i++)
      await saveTurn(storeA, a, clock, [
        { userId: 'u', sessionId: 's', role: 'user', content: `later turn ${i} about topic${i}` },
      ]);
    const summaries = storeA.history('u', { roles: ['summary'] });
    expect(summaries.length).toBeGreaterThan(afterB);
    const latest = storeA.latestSummary('u')!;
    const covers = storeA.summaryCovers('u', latest.id);
    expect(new Set(covers).size).toBe(covers.length);
    const end = storeA.summaryCoverEnd('u', latest.id)!;
    expect(covers).toEqual(
      storeA
        .history('u')
        .filter((m) => m.id <= end)
        .map((m) => m.id),
    );
    storeA.close();
    storeB.close();
  });
});
