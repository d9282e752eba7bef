import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DONT_KNOW } from '../../src/models/offline.js';
import { makeBot } from '../helpers/bot.js';
import { useTempDir } from '../helpers/store.js';
import { DAY_MS } from './helpers.js';

const tempDir = useTempDir();
const FACT = 'My sister Marta moved to Lisbon last spring.';
const QUESTION = 'Where does my sister Marta live these days?';
const TOPICS = [
  'the weather forecast',
  'a football match',
  'a new pasta recipe',
  'the train strike',
  'a podcast episode',
];

/** A fact in session 1, 50 sessions of other talk, then a paraphrased question in a new session. */
async function askAfterFiftySessions(strategy: string, strategyOptions: Record<string, unknown> = {}) {
  const { bot, clock } = await makeBot(join(tempDir(), 'm.db'), { strategy, strategyOptions, budgetTokens: 600 });
  await bot.send({ userId: 'ana', sessionId: 'session-1', text: FACT });
  // Another user with a similar fact must never be what answers.
  await bot.send({ userId: 'ben', sessionId: 'b-1', text: 'My sister Marta moved to Oslo last spring.' });
  for (let s = 2; s <= 51; s++) {
    clock.advance(3 * DAY_MS);
    for (let t = 0; t < 3; t++) {
      await bot.send({
        userId: 'ana',
        sessionId: `session-${s}`,
        text: `Let us chat about ${TOPICS[(s + t) % TOPICS.length]}, part ${s}.${t}.`,
      });
    }
  }
  clock.advance(30 * DAY_MS);
  const turn = await bot.send({ userId: 'ana', sessionId: 'session-52', text: QUESTION, persist: false });
  bot.close();
  return turn;
}

describe('a returning user asks about a fact from 50 sessions ago', () => {
  it.each(['semantic', 'hybrid'])(
    '%s finds it and the offline reader answers from it, with its date',
    async (strategy) => {
      const turn = await askAfterFiftySessions(strategy);
      expect(turn.reply.text).toBe(FACT);
      expect(turn.context.messageIds).toContain(1);
      const withFact = turn.request.messages.find((m) => m.content.includes(FACT));
      expect(withFact?.content).toMatch(/^\[2024-01-01 Mon\] /);
      expect(turn.request.messages.some((m) => m.content.includes('Oslo'))).toBe(false);
    },
  );

  it('session-scoped recency cannot: the fact is in another session', async () => {
    const turn = await askAfterFiftySessions('recency', { scope: 'session' });
    expect(turn.reply.text).toBe(DONT_KNOW);
    expect(turn.context.messageIds).not.toContain(1);
  });

  it('session-scoped semantic cannot either: scope bounds retrieval', async () => {
    const turn = await askAfterFiftySessions('semantic', { scope: 'session' });
    expect(turn.reply.text).toBe(DONT_KNOW);
    expect(turn.context.messageIds).not.toContain(1);
  });
});
