import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { GuardedModel } from '../../src/models/guarded.js';
import { Semaphore } from '../../src/models/semaphore.js';
import { maxCallCostUsd, SpendLedger } from '../../src/models/spend.js';
import { findPrice } from '../../src/models/pricing.js';
import type { ChatModel, ChatRequest, ModelReply } from '../../src/models/types.js';
import { mockedClaude } from '../helpers/anthropic.js';
import { withMockAnthropic } from '../helpers/mock-anthropic.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'hello' }] };

/** A model whose calls wait until released, to observe how many run at once. */
function gatedModel(id: string) {
  let running = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const model: ChatModel = {
    id,
    provider: 'anthropic',
    async complete(): Promise<ModelReply> {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => releases.push(r));
      running--;
      return {
        text: 'ok',
        usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
        stopReason: 'end_turn',
        latencyMs: 0,
        cached: false,
        usageExact: true,
      };
    },
  };
  return {
    model,
    peak: () => peak,
    releaseAll: () => releases.splice(0).forEach((r) => r()),
    waiting: () => releases.length,
  };
}

describe('spend cap', () => {
  it('refuses new calls with SPEND_CAP once the shared cap is reached, across models', async () => {
    await withMockAnthropic(async (mock) => {
      // Each call: 100k input + 20k output tokens on Haiku 4.5 = $0.10 + $0.10 = $0.20.
      const usage = { input_tokens: 100_000, output_tokens: 20_000 };
      mock.script({ kind: 'ok', usage }, { kind: 'ok', usage }, { kind: 'ok', usage });
      const ledger = new SpendLedger({ maxCostUsd: 0.3 });
      const chat = new GuardedModel(mockedClaude(mock), { ledger });
      const judge = new GuardedModel(mockedClaude(mock), { ledger, account: 'judge' });
      await chat.complete(ask);
      expect(ledger.spentUsd).toBeCloseTo(0.2, 10);
      await judge.complete(ask);
      expect(ledger.spentUsd).toBeCloseTo(0.4, 10);
      expect(ledger.spentUsdFor('chat')).toBeCloseTo(0.2, 10);
      expect(ledger.spentUsdFor('judge')).toBeCloseTo(0.2, 10);
      expect(ledger.capReached).toBe(true);
      const err = await chat.complete(ask).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MemevalError);
      expect((err as MemevalError).code).toBe('SPEND_CAP');
      expect((err as MemevalError).message).toMatch(/--max-cost-usd 0\.3/);
      expect(mock.requests).toHaveLength(2);
    });
  });

  it('holds the most a call can cost while it is in flight: concurrent calls can never pass the cap together', async () => {
    const gated = gatedModel('claude-haiku-4-5');
    const bound = maxCallCostUsd(ask, findPrice('claude-haiku-4-5')!);
    // Room for two calls' bounds, not three.
    const ledger = new SpendLedger({ maxCostUsd: bound * 2.5 });
    const model = new GuardedModel(gated.model, { ledger, concurrency: 4 });
    const calls = [1, 2, 3, 4].map(() =>
      model.complete(ask).then(
        () => 'ok',
        (e: MemevalError) => e.code,
      ),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(gated.waiting()).toBe(2);
    gated.releaseAll();
    expect(await Promise.all(calls)).toEqual(['ok', 'ok', 'SPEND_CAP', 'SPEND_CAP']);
    // Settled at their real cost, the reservations are given back.
    expect(ledger.spentUsd).toBeLessThan(bound);
    const next = model.complete(ask).then(
      () => 'ok',
      (e: MemevalError) => e.code,
    );
    await new Promise((r) => setTimeout(r, 10));
    gated.releaseAll();
    expect(await next).toBe('ok');
  });

  it('bounds a call by every byte of its request as an input token at the dearest input rate, plus maxTokens of output', () => {
    const price = findPrice('claude-haiku-4-5')!;
    const request: ChatRequest = { system: 'sé', messages: [{ role: 'user', content: 'hello' }], maxTokens: 100 };
    // 3 + 5 bytes, 16 framing tokens per message and for the system block.
    const inputTokens = 3 + 5 + 16 * 2;
    const rate = Math.max(price.inputUsdPerMTok, price.cacheWriteUsdPerMTok, price.cacheReadUsdPerMTok);
    expect(maxCallCostUsd(request, price)).toBeCloseTo((inputTokens * rate + 100 * price.outputUsdPerMTok) / 1e6, 15);
  });

  it('gives a reservation back when the API answered with an error status, and keeps holding it when the call may have been billed', async () => {
    const failing = (err: Error): ChatModel => ({
      id: 'claude-haiku-4-5',
      provider: 'anthropic',
      complete: async () => {
        throw err;
      },
    });
    const bound = maxCallCostUsd(ask, findPrice('claude-haiku-4-5')!);
    const ledger = new SpendLedger({ maxCostUsd: bound * 1.5 });
    const http = new GuardedModel(failing(new MemevalError('MODEL_CALL_FAILED', 'HTTP 500', { httpStatus: 500 })), {
      ledger,
    });
    await expect(http.complete(ask)).rejects.toThrow('HTTP 500');
    await expect(http.complete(ask)).rejects.toThrow('HTTP 500');
    const timeout = new GuardedModel(failing(new MemevalError('MODEL_CALL_FAILED', 'timed out')), { ledger });
    await expect(timeout.complete(ask)).rejects.toThrow('timed out');
    // The timed-out call may have been billed: its bound stays held, so the next call is refused.
    await expect(http.complete(ask)).rejects.toMatchObject({ code: 'SPEND_CAP' });
    expect(ledger.spentUsd).toBe(0);
  });

  it('gives an unpriced model a null cost and warns once', () => {
    const warnings: string[] = [];
    const ledger = new SpendLedger({ maxCostUsd: 1, warn: (m) => warnings.push(m) });
    const usage = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(ledger.charge('claude-imaginary-9', usage)).toBeNull();
    expect(ledger.costOf('claude-imaginary-9', usage)).toBeNull();
    expect(ledger.spentUsd).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /no price for model "claude-imaginary-9".*left empty.*do not count towards --max-cost-usd/,
    );
    expect(ledger.costOf('claude-haiku-4-5', usage)).toBeCloseTo(1, 10);
    expect(warnings).toHaveLength(1);
  });

  it('rejects a negative cap', () => {
    expect(() => new SpendLedger({ maxCostUsd: -1 })).toThrow(/--max-cost-usd/);
  });
});

describe('concurrency limit', () => {
  it('keeps at most `limit` calls in flight per model and runs the rest in order', async () => {
    const gated = gatedModel('claude-haiku-4-5');
    const guarded = new GuardedModel(gated.model, { ledger: new SpendLedger(), concurrency: 2 });
    const calls = Array.from({ length: 5 }, () => guarded.complete(ask));
    for (let done = 0; done < 5; ) {
      await new Promise((r) => setImmediate(r));
      expect(gated.waiting()).toBeLessThanOrEqual(2);
      done += gated.waiting();
      gated.releaseAll();
    }
    await Promise.all(calls);
    expect(gated.peak()).toBe(2);
    expect(guarded.semaphore.inUse).toBe(0);
  });

  it('releases the slot when a call fails', async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await sem.run(async () => 'next')).toBe('next');
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
