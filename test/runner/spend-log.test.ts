import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { cacheStatsKey, SPEND_LOG_FILE, SpendLog } from '../../src/runner/spend-log.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('the spend log of a run folder', () => {
  it('adds up charges per account and cache counts per model and role; a torn last line is cut off', () => {
    const dir = tempDir();
    const log = SpendLog.start(dir, 'run-a');
    log.spendEvent({ kind: 'charge', account: 'chat', modelId: 'claude-haiku-4-5', costUsd: 0.25 });
    log.spendEvent({ kind: 'charge', account: 'judge', modelId: 'claude-haiku-4-5', costUsd: 0.5 });
    log.spendEvent({ kind: 'charge', account: 'chat', modelId: 'claude-haiku-4-5', costUsd: 0.25 });
    log.cacheEvent('claude-haiku-4-5', 'chat', 'misses');
    log.cacheEvent('claude-haiku-4-5', 'chat', 'recorded');
    log.cacheEvent('claude-haiku-4-5', 'judge', 'hits');
    log.close();
    const file = join(dir, SPEND_LOG_FILE);
    appendFileSync(file, '{"t":"charge","runId":"run-a","acc');
    const { log: resumed, totals } = SpendLog.resume(dir, 'run-a');
    expect(totals.usdByAccount).toEqual({ chat: 0.5, judge: 0.5 });
    expect(totals.cache.get(cacheStatsKey('claude-haiku-4-5', 'chat'))).toEqual({ hits: 0, misses: 1, recorded: 1 });
    expect(totals.cache.get(cacheStatsKey('claude-haiku-4-5', 'judge'))).toEqual({ hits: 1, misses: 0, recorded: 0 });
    resumed.spendEvent({ kind: 'charge', account: 'summary', modelId: 'claude-haiku-4-5', costUsd: 1 });
    resumed.close();
    // The torn tail is gone and the new line starts on its own.
    expect(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).t),
    ).toEqual(['charge', 'charge', 'charge', 'cache', 'cache', 'cache', 'charge']);
  });

  it('a reservation never settled nor released (its process was killed mid-call) is held on resume, at its full bound', () => {
    const dir = tempDir();
    const log = SpendLog.start(dir, 'run-r');
    const reserve = (id: string, usd: number) =>
      log.spendEvent({ kind: 'reserve', id, account: 'chat', modelId: 'claude-haiku-4-5', usd });
    reserve('settled', 0.3);
    log.spendEvent({
      kind: 'charge',
      account: 'chat',
      modelId: 'claude-haiku-4-5',
      costUsd: 0.01,
      reservationId: 'settled',
    });
    reserve('released', 0.3);
    log.spendEvent({ kind: 'release', id: 'released' });
    reserve('in-flight-a', 0.3);
    reserve('in-flight-b', 0.2);
    log.close();
    const { totals } = SpendLog.resume(dir, 'run-r');
    expect(totals.usdByAccount).toEqual({ chat: 0.01 });
    expect(totals.unsettledUsd).toBeCloseTo(0.5, 12);
  });

  it('a run that makes no call writes no log; a fresh start discards an earlier one', () => {
    const dir = tempDir();
    SpendLog.start(dir, 'r').close();
    expect(existsSync(join(dir, SPEND_LOG_FILE))).toBe(false);
    writeFileSync(join(dir, SPEND_LOG_FILE), '{"t":"charge","runId":"r","account":"chat","model":"m","usd":1}\n');
    SpendLog.start(dir, 'r').close();
    expect(existsSync(join(dir, SPEND_LOG_FILE))).toBe(false);
    expect(SpendLog.resume(dir, 'r').totals.usdByAccount).toEqual({});
  });

  it.each([
    ['not JSON', 'garbage\n', /:1: not a JSON line/],
    [
      'another run',
      '{"t":"charge","runId":"other","account":"chat","model":"m","usd":1}\n',
      /:1: runId: other is not this run/,
    ],
    ['a negative charge', '{"t":"charge","runId":"r","account":"chat","model":"m","usd":-1}\n', /:1: usd:/],
    ['an unknown account', '{"t":"charge","runId":"r","account":"boss","model":"m","usd":1}\n', /:1: account:/],
  ])('a damaged line (%s) is an error naming the file and line, never a silent zero', (_, text, message) => {
    const dir = tempDir();
    writeFileSync(
      join(dir, SPEND_LOG_FILE),
      `${text}{"t":"cache","runId":"r","role":"chat","model":"m","event":"hits"}\n`,
    );
    let err: unknown;
    try {
      SpendLog.resume(dir, 'r');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('BAD_INPUT');
    expect((err as Error).message).toContain(SPEND_LOG_FILE);
    expect((err as Error).message).toMatch(message);
  });
});
