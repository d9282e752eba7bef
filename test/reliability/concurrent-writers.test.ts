import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, useTempDir } from '../helpers/store.js';
import { runTsScript } from '../helpers/script.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();
const WRITER = join(import.meta.dirname, '../fixtures/scripts/writer.ts');
const WRITERS = 4;
/** Per writer; the README's reliability script runs the same test with more via MEMEVAL_WRITER_TURNS. */
const TURNS = Number(process.env.MEMEVAL_WRITER_TURNS ?? 10_000);

const runWriter = (file: string, id: string) => runTsScript(WRITER, [file, id, String(TURNS)]);

describe('concurrent writers', () => {
  it(`${WRITERS} processes × ${TURNS} turns into one WAL database: no lost rows, no SQLITE_BUSY, integrity ok`, async () => {
    const file = join(tempDir(), 'shared.db');
    openStore(file).close(); // create the schema once, before the race
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => runWriter(file, `writer-${i}`)));
    for (const r of results) {
      expect(r.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(r.code).toBe(0);
    }
    const store = openStore(file);
    for (let i = 0; i < WRITERS; i++) {
      const rows = store.history(`writer-${i}`);
      expect(rows).toHaveLength(TURNS * 2);
      // Each turn's user message is directly followed by its reply: transactions never interleave.
      for (let t = 0; t < rows.length; t += 2) {
        expect(rows[t].role).toBe('user');
        expect(rows[t + 1].content).toBe(rows[t].content.replace('turn', 'reply').replace('from', 'to'));
      }
      expect(store.profile(`writer-${i}`).turns).toBe(String(TURNS - (TURNS % 10)));
    }
    expect(sqliteOf(store).pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
