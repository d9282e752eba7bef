import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, useTempDir } from '../helpers/store.js';
import { runTsScript } from '../helpers/script.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();
const WRITER = join(import.meta.dirname, '../fixtures/scripts/summary-writer.ts');
const WRITERS = 8;
const TURNS = Number(process.env.MEMEVAL_SUMMARY_WRITER_TURNS ?? 60);
const USER = 'shared-user';

const runWriter = (file: string, id: string) => runTsScript(WRITER, [file, id, USER, String(TURNS)]);

describe('summary compaction with concurrent writers of one user', () => {
  it(`${WRITERS} processes × ${TURNS} turns: no message summarised twice, one chain, every message up to its end covered`, async () => {
    const file = join(tempDir(), 'shared.db');
    openStore(file).close(); // the schema once, before the race
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => runWriter(file, `w${i}`)));
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).unsaved).toBe(0);
    }
    const store = openStore(file);
    const messages = store.history(USER);
    expect(messages).toHaveLength(WRITERS * TURNS * 2);
    const twice = sqliteOf(store)
      .prepare(
        'SELECT count(*) AS n FROM (SELECT message_id FROM summary_covers GROUP BY message_id HAVING count(*) > 1)',
      )
      .get() as { n: number };
    const summaries = store.history(USER, { roles: ['summary'] });
    const latest = store.latestSummary(USER)!;
    expect(summaries.length).toBeGreaterThan(WRITERS); // compaction really ran, many times over
    expect(latest.id).toBe(Math.max(...summaries.map((s) => s.id)));
    // One chain: every summary is the latest or rolled up by it, so no roll-up forked.
    const chain = sqliteOf(store)
      .prepare(
        `WITH RECURSIVE chain (id) AS (SELECT ? UNION ALL SELECT r.previous_id FROM chain JOIN summary_rollups r ON r.summary_id = chain.id)
         SELECT count(*) AS n FROM chain`,
      )
      .get(latest.id) as { n: number };
    const covered = new Set(store.summaryCovers(USER, latest.id));
    const coverEnd = store.summaryCoverEnd(USER, latest.id)!;
    const outside = messages.filter((m) => m.id <= coverEnd && !covered.has(m.id));
    const result = {
      summarisedTwice: twice.n,
      summaries: summaries.length,
      inChain: chain.n,
      outsideChain: outside.length,
    };
    expect(result).toEqual({
      summarisedTwice: 0,
      summaries: summaries.length,
      inChain: summaries.length,
      outsideChain: 0,
    });
    // And what is left after the chain's end is within the threshold: compaction kept up.
    expect(store.tokenTotal(USER, { afterId: coverEnd })).toBeLessThanOrEqual(120);
    expect(sqliteOf(store).pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
