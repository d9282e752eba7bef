import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { MemevalError } from '../../src/errors.js';
import { ConversationStore } from '../../src/store/sqlite.js';
import { makeBot } from '../helpers/bot.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const clock = new ManualClock(Date.UTC(2024, 0, 1));
const removeDb = (file: string) => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }));
const msg = (content: string) => ({ userId: 'u', sessionId: 's', role: 'user' as const, content });

describe('a database file deleted or replaced while open', () => {
  it.each([
    ['deleted', (file: string) => removeDb(file), /was deleted while open/],
    [
      'replaced',
      (file: string) => (renameSync(file, `${file}.old`), writeFileSync(file, '')),
      /was replaced while open/,
    ],
  ])('%s: the next write is STORE_UNAVAILABLE naming the file, not a write into a lost inode', (_, act, message) => {
    const file = join(tempDir(), 'mem.db');
    const store = new ConversationStore(file, { clock });
    store.save(msg('first'));
    act(file);
    let err: unknown;
    try {
      store.save(msg('second'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('STORE_UNAVAILABLE');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(message);
    expect(() => store.setProfile('u', 'k', 'v')).toThrow();
  });

  it('the chatbot warns, keeps the turn, and writes it to a new database on the next turn', async () => {
    const file = join(tempDir(), 'mem.db');
    const { bot, warnings } = await makeBot(file);
    await bot.send({ userId: 'u', sessionId: 's', text: 'I live in Lisbon.' });
    removeDb(file);
    await bot.send({ userId: 'u', sessionId: 's', text: 'My sister is Marta.' });
    expect(warnings.join('\n')).toMatch(/mem\.db: the database file was deleted while open/);
    await bot.send({ userId: 'u', sessionId: 's', text: 'And my cat is Olive.' });
    expect(existsSync(file)).toBe(true);
    expect(bot.pendingTurns).toHaveLength(0);
    const reopened = new ConversationStore(file, { clock });
    const texts = reopened.history('u').map((m) => m.content);
    reopened.close();
    // The turn sent after the deletion was not swallowed: it is in the new file with the next one.
    expect(texts).toEqual(expect.arrayContaining(['My sister is Marta.', 'And my cat is Olive.']));
    expect(texts).not.toContain('I live in Lisbon.');
  });
});
