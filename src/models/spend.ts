import { MemevalError } from '../errors.js';
import { randomUUID } from 'node:crypto';
import { costUsd, findPrice, type PriceRow } from './pricing.js';
import { type ChatRequest, DEFAULT_MAX_TOKENS, type ModelUsage } from './types.js';

/** A cap above this is a typo, not a budget (and would let `Infinity` through as "no cap"). */
export const MAX_COST_USD = 1_000_000;

export interface SpendLedgerOptions {
  /** Refuse new calls once this many dollars were spent on real (not replayed) calls. Unset: no cap. */
  maxCostUsd?: number;
  /** Price rows; defaults to src/models/pricing.json. */
  prices?: PriceRow[];
  /** Receives one warning per unpriced model. */
  warn?: (message: string) => void;
}

/** Who a call was made for, so judge and summariser spend stays apart from the chatbot's. */
export const SPEND_ACCOUNTS = ['chat', 'judge', 'summary'] as const;
export type SpendAccount = (typeof SPEND_ACCOUNTS)[number];

/** One priced real call, as the ledger's listener sees it. */
export interface SpendCharge {
  account: SpendAccount;
  modelId: string;
  costUsd: number;
  /** The reservation this charge settles, when the run has a cap. */
  reservationId?: string;
}

/**
 * Dollars set aside for a call before it is sent, so calls in flight (concurrent ones, or one a
 * kill interrupts) can never take the spend past the cap. Settled by `charge`, or given back by
 * `release` when the call fails before the API answered with usage.
 */
export interface SpendReservation {
  id: string;
  account: SpendAccount;
  modelId: string;
  usd: number;
}

/** What the ledger's listener is told, in order: reservations, their release, and charges. */
export type SpendEvent =
  | ({ kind: 'charge' } & SpendCharge)
  | ({ kind: 'reserve' } & SpendReservation)
  | { kind: 'release'; id: string };

/** Framing tokens a request may add beyond its text (roles, turn markers, the system block). */
const FRAMING_TOKENS_PER_MESSAGE = 16;

/**
 * The most one call can cost: every UTF-8 byte of the request billed as an input token (a token
 * never spans less than a byte), plus framing per message, at the dearest input rate (a cache
 * write), and `maxTokens` of output. Pessimistic on purpose: it only holds budget while the call
 * is in flight, and is what lets the cap be a promise rather than a target.
 */
export function maxCallCostUsd(request: ChatRequest, price: PriceRow): number {
  const bytes =
    Buffer.byteLength(request.system ?? '') + request.messages.reduce((n, m) => n + Buffer.byteLength(m.content), 0);
  const inputTokens = bytes + FRAMING_TOKENS_PER_MESSAGE * (request.messages.length + 1);
  const inputRate = Math.max(price.inputUsdPerMTok, price.cacheWriteUsdPerMTok, price.cacheReadUsdPerMTok);
  return (inputTokens * inputRate + (request.maxTokens ?? DEFAULT_MAX_TOKENS) * price.outputUsdPerMTok) / 1_000_000;
}

/**
 * Dollars spent in one run, shared by every model of the run. Prices each call by token class
 * from the pricing file; a model the file does not list costs `null` (an empty cell, with one
 * warning) rather than a silent $0 — and such calls cannot count towards the cap.
 */
export class SpendLedger {
  readonly maxCostUsd: number | undefined;
  private spent = 0;
  /** Dollars held by calls in flight (reservations not yet settled or released). */
  private reserved = 0;
  private readonly open = new Map<string, SpendReservation>();
  private readonly byAccount = new Map<SpendAccount, number>();
  private readonly warned = new Set<string>();
  private listener: ((event: SpendEvent) => void) | undefined;

  constructor(private readonly options: SpendLedgerOptions = {}) {
    if (options.maxCostUsd !== undefined && !(options.maxCostUsd >= 0 && options.maxCostUsd <= MAX_COST_USD)) {
      throw new MemevalError(
        'USAGE',
        `--max-cost-usd must be a number from 0 to ${MAX_COST_USD} (got ${options.maxCostUsd})`,
      );
    }
    this.maxCostUsd = options.maxCostUsd;
  }

  /** Dollars charged so far (real calls only). */
  get spentUsd(): number {
    return this.spent;
  }

  /** Dollars charged so far for one account. */
  spentUsdFor(account: SpendAccount): number {
    return this.byAccount.get(account) ?? 0;
  }

  /** True once the cap is reached; no new call may start. */
  get capReached(): boolean {
    return this.maxCostUsd !== undefined && this.spent >= this.maxCostUsd;
  }

  /** Throws SPEND_CAP when the cap is reached. */
  assertOpen(modelId: string): void {
    if (!this.capReached) return;
    throw this.capError(modelId);
  }

  /**
   * Under a cap, sets aside the most `request` can cost before it is sent (see maxCallCostUsd),
   * and refuses the call (SPEND_CAP) when spent + held + this bound would pass the cap. Returns
   * undefined without a cap, or for an unpriced model (whose calls cannot count towards it).
   */
  reserve(modelId: string, request: ChatRequest, account: SpendAccount = 'chat'): SpendReservation | undefined {
    if (this.maxCostUsd === undefined) return undefined;
    const price = findPrice(modelId, this.options.prices);
    if (!price) return undefined;
    const usd = maxCallCostUsd(request, price);
    if (this.spent + this.reserved + usd > this.maxCostUsd) throw this.capError(modelId, usd);
    const reservation: SpendReservation = { id: randomUUID(), account, modelId, usd };
    this.reserved += usd;
    this.open.set(reservation.id, reservation);
    this.listener?.({ kind: 'reserve', ...reservation });
    return reservation;
  }

  /** Gives a reservation back: its call failed without usage, so nothing was billed for it. */
  release(reservation: SpendReservation | undefined): void {
    if (!reservation || !this.open.delete(reservation.id)) return;
    this.reserved -= reservation.usd;
    this.listener?.({ kind: 'release', id: reservation.id });
  }

  private capError(modelId: string, boundUsd?: number): MemevalError {
    const held = this.reserved > 0 ? ` (+ $${this.reserved.toFixed(4)} held by calls in flight)` : '';
    const next = boundUsd === undefined ? '' : `, and this call could cost up to $${boundUsd.toFixed(4)}`;
    return new MemevalError(
      'SPEND_CAP',
      `spend cap reached: $${this.spent.toFixed(4)}${held} of --max-cost-usd ${this.maxCostUsd}${next}; call to ${modelId} refused`,
    );
  }

  /**
   * Cost of one call's usage, or null when the model is unpriced (warned once per model).
   * Use it for every result row, cached or not, so rows and the cap agree on prices.
   */
  costOf(modelId: string, usage: ModelUsage): number | null {
    const price = findPrice(modelId, this.options.prices);
    if (!price && !this.warned.has(modelId)) {
      this.warned.add(modelId);
      const capNote = this.maxCostUsd !== undefined ? '; its calls do not count towards --max-cost-usd' : '';
      this.options.warn?.(
        `memeval: no price for model "${modelId}" in the pricing file: its cost is left empty${capNote}`,
      );
    }
    return costUsd(usage, price);
  }

  /**
   * Calls `listener` with every priced charge as it is made, before the call's reply goes on, so
   * a run can persist its spend and a resumed process starts from what earlier ones spent.
   */
  listen(listener: (event: SpendEvent) => void): void {
    this.listener = listener;
  }

  /**
   * Adds what earlier processes of the same run spent, so the cap holds across `--resume`. A
   * reservation a killed process never settled counts at its full bound: its call may have been billed.
   */
  restore(byAccount: Partial<Record<SpendAccount, number>>, unsettledUsd = 0): void {
    // Held, not spent: run.json reports what was charged, the cap counts what may have been.
    this.reserved += unsettledUsd;
    for (const [account, usd] of Object.entries(byAccount) as [SpendAccount, number][]) {
      this.spent += usd;
      this.byAccount.set(account, (this.byAccount.get(account) ?? 0) + usd);
    }
  }

  /** Records a real call and returns its cost (null when unpriced). Replayed calls are never charged. */
  charge(
    modelId: string,
    usage: ModelUsage,
    account: SpendAccount = 'chat',
    reservation?: SpendReservation,
  ): number | null {
    if (reservation && this.open.delete(reservation.id)) this.reserved -= reservation.usd;
    const cost = this.costOf(modelId, usage);
    if (cost !== null) {
      this.spent += cost;
      this.byAccount.set(account, (this.byAccount.get(account) ?? 0) + cost);
      this.listener?.({ kind: 'charge', account, modelId, costUsd: cost, reservationId: reservation?.id });
    }
    return cost;
  }
}
