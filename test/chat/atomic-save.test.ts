import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultInjectingStore } from '../../src/store/fault-injection.js';
import { ManualClock } from '../../src/clock.js';
import { makeBot } from '../helpers/bot.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('atomic turn save', () => {
  it('a failure between the user insert and the reply insert stores neither, keeps the turn, and writes it later', async () => {
    const file = join(tempDir(), 'm.db');
    let store!: FaultInjectingStore;
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const { bot, warnings } = await makeBot(file, {
      clock,
      openStore: () => (store = new FaultInjectingStore(file, { clock })),
    });
    await bot.send({ userId: 'u', sessionId: 's', text: 'My product is called Nexus.' });
    store.armWriteFault('between-inserts');
    const turn = await bot.send({ userId: 'u', sessionId: 's', text: 'My dog is called Pixel.' });

    expect(turn.saved).toBeNull();
    expect(store.history('u')[0].content).toBe('My product is called Nexus.');
    expect(store.history('u')).toHaveLength(2);
    expect(bot.pendingTurns).toHaveLength(1);
    expect(bot.pendingTurns[0].map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(warnings).toHaveLength(1);

    // The buffered turn is memory too, before it reaches the store.
    const ask = await bot.send({ userId: 'u', sessionId: 's', text: 'What is my dog called?', persist: false });
    expect(ask.reply.text).toContain('Pixel');

    // The next send flushed the buffer first, in order, with no two user turns in a row.
    expect(bot.pendingTurns).toHaveLength(0);
    const roles = store.history('u').map((m) => m.role);
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(store.history('u')[2].content).toBe('My dog is called Pixel.');
  });

  it('a failure before the first insert leaves the store untouched', async () => {
    const file = join(tempDir(), 'm.db');
    let store!: FaultInjectingStore;
    const clock = new ManualClock(0);
    const { bot } = await makeBot(file, { clock, openStore: () => (store = new FaultInjectingStore(file, { clock })) });
    await bot.send({ userId: 'u', sessionId: 's', text: 'hello there' });
    store.armWriteFault('before-first-insert');
    await bot.ingest([{ userId: 'u', sessionId: 's', role: 'user', content: 'Planted fact: blue door.' }]);
    expect(store.history('u')).toHaveLength(2);
    expect(bot.pendingTurns).toHaveLength(1);
    await bot.flush();
    expect(
      store
        .history('u')
        .map((m) => m.content)
        .at(-1),
    ).toBe('Planted fact: blue door.');
  });
});
