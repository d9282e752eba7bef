import { MemevalError } from '../errors.js';
import { costUsd, findPrice, type PriceRow } from './pricing.js';
import type { ModelUsage } from './types.js';

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
}

/**
 * Dollars spent in one run, shared by every model of the run. Prices each call by token class
 * from the pricing file; a model the file does not list costs `null` (an empty cell, with one
 * warning) rather than a silent $0 — and such calls cannot count towards the cap.
 */
export class SpendLedger {
  readonly maxCostUsd: number | undefined;
  private spent = 0;
  private readonly byAccount = new Map<SpendAccount, number>();
  private readonly warned = new Set<string>();
  private listener: ((charge: SpendCharge) => void) | undefined;

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

  /** Throws SPEND_CAP when the cap is reached. Calls already in flight still finish and are charged. */
  assertOpen(modelId: string): void {
    if (!this.capReached) return;
    throw new MemevalError(
      'SPEND_CAP',
      `spend cap reached: $${this.spent.toFixed(4)} of --max-cost-usd ${this.maxCostUsd}; call to ${modelId} refused`,
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
  listen(listener: (charge: SpendCharge) => void): void {
    this.listener = listener;
  }

  /** Adds what earlier processes of the same run spent, so the cap holds across `--resume`. */
  restore(byAccount: Partial<Record<SpendAccount, number>>): void {
    for (const [account, usd] of Object.entries(byAccount) as [SpendAccount, number][]) {
      this.spent += usd;
      this.byAccount.set(account, (this.byAccount.get(account) ?? 0) + usd);
    }
  }

  /** Records a real call and returns its cost (null when unpriced). Replayed calls are never charged. */
  charge(modelId: string, usage: ModelUsage, account: SpendAccount = 'chat'): number | null {
    const cost = this.costOf(modelId, usage);
    if (cost !== null) {
      this.spent += cost;
      this.byAccount.set(account, (this.byAccount.get(account) ?? 0) + cost);
      this.listener?.({ account, modelId, costUsd: cost });
    }
    return cost;
  }
}
