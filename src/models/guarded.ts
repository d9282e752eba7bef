import { MemevalError } from '../errors.js';
import { Semaphore } from './semaphore.js';
import type { SpendAccount, SpendLedger } from './spend.js';
import type { ChatModel, ChatRequest, ModelReply, TokenCountRequest } from './types.js';
import { ModelWrapper } from './wrapper.js';

/** Calls in flight to one Claude model when nothing else is said (`--concurrency`). */
export const DEFAULT_MODEL_CONCURRENCY = 4;
/** Beyond this many calls in flight per model, a run leans on 429s (and sockets) instead of a limit. */
export const MAX_MODEL_CONCURRENCY = 256;

export interface GuardOptions {
  ledger: SpendLedger;
  /** Concurrent calls allowed to this model; give each model its own semaphore. @default DEFAULT_MODEL_CONCURRENCY */
  concurrency?: number | Semaphore;
  /** @default 'chat' */
  account?: SpendAccount;
}

/**
 * Wraps a model that costs money: at most `concurrency` calls in flight, no new call once the
 * shared spend cap is reached, and every finished call charged to the ledger. Put the
 * record/replay cache outside this wrapper so replayed calls are neither limited nor charged.
 */
export class GuardedModel extends ModelWrapper {
  readonly semaphore: Semaphore;
  /**
   * Counts share the model's concurrency limit (and the API's rate limits) but cost nothing, so
   * the spend cap neither refuses nor charges them.
   */
  readonly countTokens?: (request: TokenCountRequest) => Promise<number>;

  constructor(
    inner: ChatModel,
    private readonly options: GuardOptions,
  ) {
    super(inner);
    const c = options.concurrency ?? DEFAULT_MODEL_CONCURRENCY;
    this.semaphore = c instanceof Semaphore ? c : new Semaphore(c);
    const count = inner.countTokens?.bind(inner);
    if (count) this.countTokens = (request) => this.semaphore.run(() => count(request));
  }

  async complete(request: ChatRequest): Promise<ModelReply> {
    const { ledger } = this.options;
    ledger.assertOpen(this.inner.id);
    return this.semaphore.run(async () => {
      // Checked again, with this call's most possible cost held back: the cap may have been
      // reached while it waited for a slot, and calls in flight must not be able to pass it.
      ledger.assertOpen(this.inner.id);
      const account = this.options.account ?? 'chat';
      const reservation = ledger.reserve(this.inner.id, request, account);
      let reply: ModelReply;
      try {
        reply = await this.inner.complete(request);
      } catch (err) {
        // The API bills no call it answered with an error status. Anything else (a timeout, a
        // dropped connection, an unreadable 200) may have been billed: its reservation stays held.
        if (err instanceof MemevalError && err.httpStatus !== undefined) ledger.release(reservation);
        throw err;
      }
      ledger.charge(this.inner.id, reply.usage, account, reservation);
      return reply;
    });
  }
}
