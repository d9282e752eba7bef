import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { ConversationStore } from '../../src/store/sqlite.js';
import { makeBot } from '../helpers/bot.js';
import { useTempDir } from '../helpers/store.js';
import { sqliteOf } from '../helpers/sqlite-handle.js';

const tempDir = useTempDir();
const clock = () => new ManualClock(Date.UTC(2024, 0, 1));

/** Says a fact, checks it is answered from the buffer, then checks it reaches the store once it works. */
async function expectNothingLost(
  bot: Awaited<ReturnType<typeof makeBot>>['bot'],
  warnings: string[],
  heal: () => void,
  read: () => ConversationStore,
) {
  await bot.send({ userId: 'u', sessionId: 's', text: 'My locker code is 4471.' });
  await bot.send({ userId: 'u', sessionId: 's', text: 'I parked on level three.' });
  expect(bot.pendingTurns).toHaveLength(2);
  expect(warnings).toHaveLength(1);
  const degraded = await bot.send({ userId: 'u', sessionId: 's', text: 'What is my locker code?', persist: false });
  expect(degraded.reply.text).toContain('4471');

  heal();
  expect(await bot.flush()).toBe(2);
  expect(bot.pendingTurns).toHaveLength(0);
  const store = read();
  expect(store.history('u').map((m) => `${m.role}:${m.content}`)).toEqual([
    'user:My locker code is 4471.',
    expect.stringMatching(/^assistant:/),
    'user:I parked on level three.',
    expect.stringMatching(/^assistant:/),
  ]);
  store.close();
}

describe('graceful degradation', () => {
  it('store cannot be opened (missing folder): answers from the buffer, then writes everything when it can', async () => {
    const dir = join(tempDir(), 'not-yet');
    const file = join(dir, 'm.db');
    const c = clock();
    const { bot, warnings } = await makeBot(file, { clock: c });
    await expectNothingLost(
      bot,
      warnings,
      () => mkdirSync(dir),
      () => new ConversationStore(file, { clock: c }),
    );
  });

  it('read-only database: writes fail, turns are kept and written once it is writable', async () => {
    const file = join(tempDir(), 'm.db');
    const c = clock();
    new ConversationStore(file, { clock: c }).close();
    let readonly = true;
    const { bot, warnings } = await makeBot(file, {
      clock: c,
      openStore: () => new ConversationStore(file, { clock: c, readonly }),
    });
    await expectNothingLost(
      bot,
      warnings,
      () => {
        readonly = false;
        bot.close();
      },
      () => new ConversationStore(file, { clock: c }),
    );
  });

  it('disk full: SQLITE_FULL is survived the same way', async () => {
    const file = join(tempDir(), 'm.db');
    const c = clock();
    let store!: ConversationStore;
    const { bot, warnings } = await makeBot(file, {
      clock: c,
      openStore: () => {
        store = new ConversationStore(file, { clock: c });
        const pages = sqliteOf(store).pragma('page_count', { simple: true }) as number;
        sqliteOf(store).pragma(`max_page_count = ${pages}`);
        return store;
      },
    });
    await bot.flush(); // opens the store
    // Fill the last free space so the next turn cannot fit.
    await expect(async () => {
      for (let i = 0; i < 1000; i++)
        store.save({ userId: 'filler', sessionId: 'f', role: 'user', content: 'x'.repeat(2000) });
    }).rejects.toThrow(/full/);
    await expectNothingLost(
      bot,
      warnings,
      () => sqliteOf(store).pragma('max_page_count = 1000000'),
      () => new ConversationStore(file, { clock: c }),
    );
  });

  it('locked beyond the busy timeout: turns wait in the buffer until the lock is released', async () => {
    const file = join(tempDir(), 'm.db');
    const c = clock();
    new ConversationStore(file, { clock: c }).close();
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    const { bot, warnings } = await makeBot(file, {
      clock: c,
      openStore: () => new ConversationStore(file, { clock: c, busyTimeoutMs: 20 }),
    });
    await expectNothingLost(
      bot,
      warnings,
      () => {
        locker.exec('COMMIT');
        locker.close();
      },
      () => new ConversationStore(file, { clock: c }),
    );
  });
});
