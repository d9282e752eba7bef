import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock.js';
import { MemevalError, toError } from '../errors.js';
import { emptyReplyError, isEmptyReply } from '../models/reply.js';
import type { ChatMessage, ChatModel, ChatRequest, ModelReply } from '../models/types.js';
import { estimateTokens, type AsyncTokenCounter } from '../tokens.js';
import type { MemoryContext, MemoryStrategy } from '../strategy/types.js';
import type { ConversationStore } from '../store/sqlite.js';
import type { NewMessage, StoredMessage } from '../store/types.js';
import { repairAlternation } from './alternation.js';

export interface ChatbotOptions {
  /** Opens the store; called again after a failure, so a store that comes back is used again. */
  openStore: () => ConversationStore;
  strategy: MemoryStrategy;
  model: ChatModel;
  budgetTokens: number;
  clock: Clock;
  /** Base system prompt; profile facts and strategy memory are appended to it. */
  systemPrompt?: string;
  /** @default 512 */
  maxOutputTokens?: number;
  /** Receives one warning per outage, not one per turn. */
  warn?: (message: string) => void;
  /** Passed to the strategy as `rankDepth` (benchmark runs ask for a ranking this deep). */
  rankDepth?: number;
  /**
   * Counts each message before it is saved (`--token-count exact`: the model's own tokenizer),
   * so strategies budget with those counts. Unset, the store estimates. A failed count fails
   * the turn, as a failed model call does: a budget never mixes in an estimate unannounced.
   */
  tokenCounter?: AsyncTokenCounter;
}

export interface SendOptions {
  userId: string;
  sessionId: string;
  text: string;
  /** Probes ask without writing to memory. @default true */
  persist?: boolean;
  /** Ids of the stored turns, when the caller already knows them (scripted replies). */
  extIds?: { user?: string; assistant?: string };
}

export interface TurnResult {
  reply: ModelReply;
  context: MemoryContext;
  request: ChatRequest;
  strategyMs: number;
  modelMs: number;
  totalMs: number;
  /** The stored user turn and reply, or null when not persisted (probe) or kept in the buffer. */
  saved: StoredMessage[] | null;
  /** True when the store was unavailable and the context came from the in-process buffer. */
  degraded: boolean;
}

/**
 * A chatbot with memory: builds the context with a strategy under a token budget, calls the
 * model, then saves the user turn and the reply in one transaction. When the store cannot be
 * opened or written, it answers from an in-process buffer of unsaved turns and writes them,
 * in order, once the store works again. Nothing is lost.
 */
export class Chatbot {
  private store: ConversationStore | null = null;
  /** Turns not yet written, oldest first; each inner array is saved in one transaction. */
  private readonly pending: NewMessage[][] = [];
  private outage = false;

  constructor(private readonly options: ChatbotOptions) {}

  /** Unsaved turns, for inspection and tests. */
  get pendingTurns(): readonly (readonly NewMessage[])[] {
    return this.pending;
  }

  private warn(message: string): void {
    if (this.outage) return;
    this.outage = true;
    this.options.warn?.(
      `memeval: ${message}; answering from memory in this process and keeping unsaved turns until the store works again`,
    );
  }

  /** The store, opening it if needed; null (after one warning) while it is unavailable. */
  private tryStore(): ConversationStore | null {
    if (this.store) return this.store;
    try {
      this.store = this.options.openStore();
      return this.store;
    } catch (err) {
      if (err instanceof MemevalError && err.code !== 'STORE_UNAVAILABLE') throw err;
      this.warn(toError(err).message);
      return null;
    }
  }

  /** Writes buffered turns in order; stops at the first failure so order is preserved. Returns turns written. */
  async flush(): Promise<number> {
    const store = this.tryStore();
    if (!store) return 0;
    let written = 0;
    while (this.pending.length > 0) {
      let saved: StoredMessage[];
      try {
        saved = store.saveAll(this.pending[0]);
      } catch (err) {
        this.onWriteError(err);
        return written;
      }
      this.pending.shift();
      written++;
      await this.afterSave(saved);
    }
    this.outage = false;
    return written;
  }

  private onWriteError(err: unknown): void {
    // A message the store refuses (empty text, empty user or session id) is the caller's
    // mistake, not an outage: buffering it would retry it forever.
    if (err instanceof MemevalError && (err.code === 'EMPTY_MESSAGE' || err.code === 'BAD_INPUT')) throw err;
    this.warn(toError(err).message);
    // A store that failed may be closed or broken; reopen on the next attempt.
    if (this.store && !this.store.isOpen) this.store = null;
  }

  /** Runs the strategy's save hook (embedding, compaction); its failure is reported, never fatal. */
  private async afterSave(saved: StoredMessage[] | null): Promise<void> {
    const store = this.store;
    if (!saved || saved.length === 0 || !store || !this.options.strategy.afterSave) return;
    const { userId, sessionId } = saved[0];
    try {
      await this.options.strategy.afterSave({ store, userId, sessionId, messages: saved, clock: this.options.clock });
    } catch (err) {
      this.options.warn?.(`memeval: ${this.options.strategy.name} after-save hook failed: ${toError(err).message}`);
    }
  }

  /** Closes the store; unsaved turns stay in the buffer for a later flush. */
  close(): void {
    this.store?.close();
    this.store = null;
  }

  /** Drops the open store handle without closing it, e.g. after the file was closed elsewhere. */
  detachStore(): void {
    this.store = null;
  }

  async send(input: SendOptions): Promise<TurnResult> {
    if (input.text.trim() === '')
      throw new MemevalError('EMPTY_MESSAGE', 'empty message refused: type something to send');
    if (input.userId === '' || input.sessionId === '')
      throw new MemevalError('BAD_INPUT', `empty ${input.userId === '' ? 'user' : 'session'} id refused`);
    const started = performance.now();
    if (this.pending.length > 0) await this.flush();
    const store = this.tryStore();

    let context: MemoryContext;
    let request: ChatRequest;
    let reply: ModelReply;
    let degraded = false;
    let strategyMs = 0;
    try {
      const strategyStarted = performance.now();
      if (store) {
        context = await this.options.strategy.buildContext({
          store,
          userId: input.userId,
          sessionId: input.sessionId,
          query: input.text,
          budgetTokens: this.options.budgetTokens,
          clock: this.options.clock,
          rankDepth: this.options.rankDepth,
        });
      } else {
        degraded = true;
        context = { messages: [], messageIds: [], contextTokens: 0 };
      }
      strategyMs = performance.now() - strategyStarted;
      request = this.buildRequest(input, context, store);
      reply = await this.options.model.complete(request);
      if (isEmptyReply(reply)) throw emptyReplyError(this.options.model.id, reply);
    } catch (err) {
      // The user said it even though nothing answered: it stays in the history (or the buffer).
      if (input.persist !== false) await this.keepUnanswered(input);
      throw err;
    }
    const modelMs = reply.latencyMs;

    let saved: StoredMessage[] | null = null;
    if (input.persist !== false) {
      const nowMs = this.options.clock.nowMs();
      const turn: NewMessage[] = [
        {
          userId: input.userId,
          sessionId: input.sessionId,
          role: 'user',
          content: input.text,
          createdAtMs: nowMs,
          extId: input.extIds?.user,
        },
        {
          userId: input.userId,
          sessionId: input.sessionId,
          role: 'assistant',
          content: reply.text,
          createdAtMs: nowMs,
          extId: input.extIds?.assistant,
        },
      ];
      saved = this.saveTurn(await this.counted(turn));
      await this.afterSave(saved);
    }
    return { reply, context, request, strategyMs, modelMs, totalMs: performance.now() - started, saved, degraded };
  }

  /**
   * Saves a user turn that got no answer (the strategy or the model failed, or the reply was
   * empty) on its own. Alternation repair merges it with the next user turn when a context
   * holds both, so nothing the user said is dropped and no empty reply is invented.
   */
  private async keepUnanswered(input: SendOptions): Promise<void> {
    const turn: NewMessage[] = [
      {
        userId: input.userId,
        sessionId: input.sessionId,
        role: 'user',
        content: input.text,
        createdAtMs: this.options.clock.nowMs(),
        extId: input.extIds?.user,
      },
    ];
    let counted: NewMessage[];
    try {
      counted = await this.counted(turn);
    } catch (err) {
      // The count failed too: better the store's estimate, said out loud, than a lost turn.
      this.options.warn?.(
        `memeval: the unanswered turn is saved with an estimated token count: ${toError(err).message}`,
      );
      counted = turn;
    }
    await this.afterSave(this.saveTurn(counted));
  }

  /** Saves scripted turns without a model call (scenario ingest), with the same buffering on failure. */
  async ingest(turn: NewMessage[]): Promise<StoredMessage[] | null> {
    for (const m of turn) {
      if (m.content.trim() === '') throw new MemevalError('EMPTY_MESSAGE', `empty ${m.role} message refused`);
    }
    if (this.pending.length > 0) await this.flush();
    const saved = this.saveTurn(
      await this.counted(turn.map((m) => ({ ...m, createdAtMs: m.createdAtMs ?? this.options.clock.nowMs() }))),
    );
    await this.afterSave(saved);
    return saved;
  }

  /** The turn with each message's token count from `tokenCounter` (when set and not already given). */
  private async counted(turn: NewMessage[]): Promise<NewMessage[]> {
    const counter = this.options.tokenCounter;
    if (!counter) return turn;
    return Promise.all(
      turn.map(async (m) => (m.tokenCount !== undefined ? m : { ...m, tokenCount: await counter.count(m.content) })),
    );
  }

  private saveTurn(turn: NewMessage[]): StoredMessage[] | null {
    const store = this.pending.length === 0 ? this.tryStore() : null;
    if (!store) {
      this.pending.push(turn);
      return null;
    }
    try {
      const saved = store.saveAll(turn);
      return saved;
    } catch (err) {
      this.onWriteError(err);
      this.pending.push(turn);
      return null;
    }
  }

  private buildRequest(input: SendOptions, context: MemoryContext, store: ConversationStore | null): ChatRequest {
    const systemParts: string[] = [];
    if (this.options.systemPrompt) systemParts.push(this.options.systemPrompt);
    if (store) {
      const profile = store.profile(input.userId);
      const entries = Object.entries(profile);
      if (entries.length > 0)
        systemParts.push(`Known facts about the user:\n${entries.map(([k, v]) => `- ${k}: ${v}`).join('\n')}`);
    }
    if (context.system) systemParts.push(context.system);
    // Unsaved turns of this user are memory too: the reader sees them after the stored context.
    // Newest first within what the budget leaves, so degraded answers stay bounded too.
    const buffered: ChatMessage[] = [];
    let room = this.options.budgetTokens - context.contextTokens;
    const unsaved = this.pending.flat().filter((m) => m.userId === input.userId && m.role !== 'summary');
    for (let i = unsaved.length - 1; i >= 0; i--) {
      const tokens = unsaved[i].tokenCount ?? estimateTokens(unsaved[i].content);
      if (tokens > room) break;
      room -= tokens;
      buffered.unshift({ role: unsaved[i].role as 'user' | 'assistant', content: unsaved[i].content });
    }
    const messages = repairAlternation([...context.messages, ...buffered, { role: 'user', content: input.text }]);
    return {
      system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined,
      messages,
      maxTokens: this.options.maxOutputTokens ?? 512,
    };
  }
}
