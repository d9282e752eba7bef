import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { abstainJudge, isAbstention } from '../../src/judges/abstain.js';
import { CachedModel } from '../../src/models/cache/cached-model.js';
import { OfflineModel } from '../../src/models/offline.js';
import type { ChatModel, ChatRequest, ModelReply } from '../../src/models/types.js';
import { runCell } from '../../src/runner/cell.js';
import { scoreCell } from '../../src/runner/score.js';
import { ConversationStore } from '../../src/store/sqlite.js';
import { makeBot } from '../helpers/bot.js';
import { cellOf, quietDeps } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** Replies with each of `texts` in turn (then like the offline reader); a tool_use-only reply reads as ''. */
class ScriptedModel implements ChatModel {
  readonly id = 'test-scripted';
  readonly provider = 'offline' as const;
  private readonly inner = new OfflineModel();
  constructor(private readonly texts: { text: string; stopReason: string }[]) {}
  async complete(request: ChatRequest): Promise<ModelReply> {
    const next = this.texts.shift();
    const reply = await this.inner.complete(request);
    return next ? { ...reply, ...next } : reply;
  }
}

const EMPTY_REPLIES = [
  { text: '', stopReason: 'end_turn' },
  { text: '  \n\t ', stopReason: 'end_turn' },
  { text: '', stopReason: 'tool_use' },
  { text: '', stopReason: 'max_tokens' },
];

describe('an empty model reply is a failed exchange, never an answer', () => {
  it.each(EMPTY_REPLIES)(
    'chatbot: %o fails the turn with MODEL_CALL_FAILED; the user turn is kept, no empty reply is stored',
    async (empty) => {
      const file = join(tempDir(), 'chat.db');
      const { bot } = await makeBot(file, { model: new ScriptedModel([empty]) });
      const err = await bot
        .send({ userId: 'u', sessionId: 's', text: 'My locker code is 4471.' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MemevalError);
      expect((err as MemevalError).code).toBe('MODEL_CALL_FAILED');
      expect((err as MemevalError).message).toBe(
        `test-scripted: empty reply (stop reason ${empty.stopReason}): the model returned no text`,
      );
      // The next turn works, and the unanswered one is in its context.
      const next = await bot.send({ userId: 'u', sessionId: 's', text: 'What is my locker code?' });
      expect(next.reply.text).toContain('4471');
      bot.close();
      const store = new ConversationStore(file, { clock: { nowMs: () => 0 } });
      expect(store.history('u').map((m) => m.role)).toEqual(['user', 'user', 'assistant']);
      expect(store.history('u').every((m) => m.content.trim() !== '')).toBe(true);
      store.close();
    },
  );

  it('runner: an empty reply to an abstention probe is an error row, not a correct abstention', async () => {
    const spec = await cellOf(
      [
        { session: { id: 's1', user: 'u', turns: [{ user: 'I like lapsang tea.' }] } },
        {
          probe: {
            id: 'parrot',
            user: 'u',
            kind: 'abstain',
            question: 'What is my parrot called?',
            expect: { abstain: true },
          },
        },
        { probe: { id: 'tea', user: 'u', question: 'Which tea do I like?', expect: { any: ['lapsang'] } } },
      ],
      { model: new ScriptedModel([{ text: '', stopReason: 'tool_use' }]) },
    );
    const cell = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    const rows = await scoreCell(cell, { runId: 'run-x', priceAs: [] });
    expect(rows.map((r) => [r.probe_id, r.correct, r.error])).toEqual([
      ['parrot', false, 'test-scripted: empty reply (stop reason tool_use): the model returned no text'],
      ['tea', true, null],
    ]);
  });

  it('judges: an empty or blank answer is no abstention', async () => {
    for (const answer of ['', ' ', '\n', '...']) {
      expect(isAbstention(answer), JSON.stringify(answer)).toBe(false);
      expect(
        (await abstainJudge.judge({ question: 'q', answer, expect: { abstain: true }, kind: 'abstain' } as never))
          .correct,
      ).toBe(false);
    }
    expect(isAbstention("I don't know.")).toBe(true);
  });

  it('cache: an empty reply is passed on but never recorded, so the next run asks again', async () => {
    const dir = tempDir();
    const inner = new ScriptedModel([{ text: '', stopReason: 'tool_use' }]);
    const cached = new CachedModel(inner, { mode: 'auto', dir });
    const request: ChatRequest = { messages: [{ role: 'user', content: 'hello' }] };
    expect((await cached.complete(request)).text).toBe('');
    expect(cached.stats.recorded).toBe(0);
    expect(readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'))).toEqual([]);
    const second = await cached.complete(request);
    expect(second.cached).toBe(false);
    expect(second.text).not.toBe('');
    expect(cached.stats.recorded).toBe(1);
  });
});
