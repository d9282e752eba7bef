import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import type { CacheEvent, CacheStats } from '../models/cache/cached-model.js';
import { SPEND_ACCOUNTS, type SpendAccount, type SpendEvent } from '../models/spend.js';

/**
 * The spend log of a run folder: one line per priced real call and per cache count, appended as
 * they happen (not when a cell finishes), so a run killed mid-cell still remembers what it spent.
 * `--resume` adds it all up before any call: the spend cap and run.json cover every process.
 */
export const SPEND_LOG_FILE = 'spend.jsonl';

const SpendLine = z.discriminatedUnion('t', [
  z
    .object({
      t: z.literal('charge'),
      runId: z.string(),
      account: z.enum(SPEND_ACCOUNTS),
      model: z.string(),
      usd: z.number().nonnegative(),
      /** The reservation this charge settles (runs with --max-cost-usd). */
      reservation: z.string().optional(),
    })
    .strict(),
  z
    .object({
      t: z.literal('reserve'),
      runId: z.string(),
      id: z.string(),
      account: z.enum(SPEND_ACCOUNTS),
      model: z.string(),
      usd: z.number().nonnegative(),
    })
    .strict(),
  z.object({ t: z.literal('release'), runId: z.string(), id: z.string() }).strict(),
  z
    .object({
      t: z.literal('cache'),
      runId: z.string(),
      role: z.enum(SPEND_ACCOUNTS),
      model: z.string(),
      event: z.enum(['hits', 'misses', 'recorded']),
    })
    .strict(),
]);
type SpendLine = z.infer<typeof SpendLine>;

/** What the earlier processes of a run spent and counted. */
export interface SpendLogTotals {
  usdByAccount: Partial<Record<SpendAccount, number>>;
  /** By `cacheStatsKey(model, role)`. */
  cache: Map<string, CacheStats>;
  /**
   * Dollars reserved for calls that were never settled nor released: a process was killed (or a
   * call timed out) while they were in flight, and the API may have billed them. The cap keeps holding them.
   */
  unsettledUsd: number;
}

/** A fresh run: nothing spent before. */
export const NO_SPEND: SpendLogTotals = { usdByAccount: {}, cache: new Map(), unsettledUsd: 0 };

export const cacheStatsKey = (model: string, role: SpendAccount) => `${model}\u0000${role}`;

export class SpendLog {
  private constructor(
    readonly file: string,
    private readonly runId: string,
  ) {}

  /** Opened on the first line, so a run that makes no Claude call (offline) has no spend log. */
  private fd: number | null = null;
  private closed = false;

  /** A new, empty log (an earlier run's with the same inputs is discarded, like its journal). */
  static start(runDir: string, runId: string): SpendLog {
    const file = join(runDir, SPEND_LOG_FILE);
    rmSync(file, { force: true });
    return new SpendLog(file, runId);
  }

  /**
   * Opens the log of an interrupted run and adds up what it holds. A torn last line (killed
   * mid-write) is cut off; any other bad line is an error naming it, never a silent zero.
   * A run folder written before this log existed has none: it resumes from zero.
   * @throws MemevalError BAD_INPUT naming the file and line.
   */
  static resume(runDir: string, runId: string): { log: SpendLog; totals: SpendLogTotals } {
    const file = join(runDir, SPEND_LOG_FILE);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    const totals: SpendLogTotals = { usdByAccount: {}, cache: new Map(), unsettledUsd: 0 };
    const open = new Map<string, number>();
    whole
      .split('\n')
      .slice(0, -1)
      .forEach((raw, i) => {
        const where = `${file}:${i + 1}`;
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          throw new MemevalError(
            'BAD_INPUT',
            `${where}: not a JSON line; the spend log is damaged (delete the run folder to start again)`,
          );
        }
        const parsed = SpendLine.safeParse(json);
        if (!parsed.success)
          throw new MemevalError(
            'BAD_INPUT',
            `${where}: ${parsed.error.issues[0].path.join('.') || 'line'}: ${parsed.error.issues[0].message}`,
          );
        const line = parsed.data;
        if (line.runId !== runId)
          throw new MemevalError('BAD_INPUT', `${where}: runId: ${line.runId} is not this run (${runId})`);
        if (line.t === 'charge') {
          totals.usdByAccount[line.account] = (totals.usdByAccount[line.account] ?? 0) + line.usd;
          if (line.reservation !== undefined) open.delete(line.reservation);
        } else if (line.t === 'reserve') {
          open.set(line.id, line.usd);
        } else if (line.t === 'release') {
          open.delete(line.id);
        } else {
          const key = cacheStatsKey(line.model, line.role);
          const stats = totals.cache.get(key) ?? totals.cache.set(key, { hits: 0, misses: 0, recorded: 0 }).get(key)!;
          stats[line.event]++;
        }
      });
    totals.unsettledUsd = [...open.values()].reduce((sum, usd) => sum + usd, 0);
    if (existsSync(file)) {
      const fd = openSync(file, 'r+');
      ftruncateSync(fd, Buffer.byteLength(whole));
      closeSync(fd);
    }
    return { log: new SpendLog(file, runId), totals };
  }

  /**
   * Reservations and charges are flushed to disk before the call goes out or its reply goes on:
   * money that may be spent must not be forgotten by a process killed a moment later.
   */
  spendEvent(event: SpendEvent): void {
    const fd =
      event.kind === 'charge'
        ? this.write({
            t: 'charge',
            runId: this.runId,
            account: event.account,
            model: event.modelId,
            usd: event.costUsd,
            ...(event.reservationId === undefined ? {} : { reservation: event.reservationId }),
          })
        : event.kind === 'reserve'
          ? this.write({
              t: 'reserve',
              runId: this.runId,
              id: event.id,
              account: event.account,
              model: event.modelId,
              usd: event.usd,
            })
          : this.write({ t: 'release', runId: this.runId, id: event.id });
    if (fd !== null && event.kind !== 'release') fsyncSync(fd);
  }

  /** Counts are written but not fsync'd: a kill keeps them (the OS has them), only a power cut may not. */
  cacheEvent(model: string, role: SpendAccount, event: CacheEvent): void {
    this.write({ t: 'cache', runId: this.runId, role, model, event });
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.closed = true;
  }

  /** One write per line, so lines of concurrent calls never interleave. Null once closed. */
  private write(line: SpendLine): number | null {
    if (this.closed) return null;
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    return this.fd;
  }
}
