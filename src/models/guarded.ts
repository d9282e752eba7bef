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
      // Checked again: the cap may have been reached while this call waited for a slot.
      ledger.assertOpen(this.inner.id);
      const reply = await this.inner.complete(request);
      ledger.charge(this.inner.id, reply.usage, this.options.account ?? 'chat');
      return reply;
    });
  }
}
