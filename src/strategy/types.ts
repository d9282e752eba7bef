import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Embedder } from '../embedders/types.js';
import type { ChatMessage, Summarizer } from '../models/types.js';
import type { StoredMessage } from '../store/types.js';
import type { TokenCounter } from '../tokens.js';
import type { MemoryStore } from './memory-store.js';

/** Ten times the largest Claude context window: a bigger budget is a typo, and never binds. */
export const MAX_BUDGET_TOKENS = 10_000_000;

/** Whose history a strategy may draw on: the current session only, or all of the user's sessions. */
export type Scope = 'session' | 'user';

export interface ContextRequest {
  /** The user's stored conversation; only user-scoped operations. */
  store: MemoryStore;
  userId: string;
  sessionId: string;
  /** The user's new message; it is not part of the returned context. */
  query: string;
  budgetTokens: number;
  clock: Clock;
  /**
   * How many ranked ids the harness wants in `rankedIds` (the largest k of a recall@k sweep);
   * a strategy that ranks returns at least this many when it has them, whatever fits the budget.
   */
  rankDepth?: number;
}

/** What a strategy sends the model besides the new query. */
export interface MemoryContext {
  /** Memory the strategy puts in the system prompt (a summary, profile facts), if any. */
  system?: string;
  /** History turns, user first and alternating, oldest first. */
  messages: ChatMessage[];
  /** Ids of the stored messages represented in the context (summaries credit the ids they cover). */
  messageIds: number[];
  /**
   * Tokens of `system` plus `messages`, as the store's counter sees them; never above the budget.
   * The harness counts the context itself and fails a probe whose context is over budget.
   */
  contextTokens: number;
  /**
   * Retrieved message ids best first, before budget trimming, for recall@k metrics. Strategies
   * that rank (semantic, hybrid) fill it; others may leave it out (recency ranks newest first).
   */
  rankedIds?: number[];
}

export interface SaveEvent {
  store: MemoryStore;
  userId: string;
  sessionId: string;
  /** The messages just saved, in order. */
  messages: StoredMessage[];
  clock: Clock;
}

/** A memory strategy: one file in `strategies/`, one line in the registry. */
export interface MemoryStrategy {
  readonly name: string;
  /** Options and components (embedder id, summariser id) for run.json and report rows. */
  describe(): { embedder: string; [key: string]: unknown };
  buildContext(request: ContextRequest): Promise<MemoryContext>;
  /** Runs after messages are saved: embedding, compaction. */
  afterSave?(event: SaveEvent): Promise<void>;
}

/** Shared components a strategy may use; the harness builds them once per cell. */
export interface StrategyDeps {
  embedder: Embedder;
  summarizer: Summarizer;
  tokenCounter: TokenCounter;
  /** One-line notices for the user (e.g. which embedder was chosen). */
  log: (message: string) => void;
}

export interface StrategyDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** Strict zod schema of the strategy's options; defaults live here, written once. */
  options: Schema;
  create(options: z.output<Schema>, deps: StrategyDeps): MemoryStrategy;
}

/** Strategies by name, as `--strategy NAME` finds them (strategies/index.ts holds the built-ins). */
export type StrategyRegistry = Readonly<Record<string, StrategyDefinition>>;

/** Identity helper that gives a strategy definition its types (for built-ins and users' files alike). */
export function defineStrategy<Schema extends z.ZodType>(
  definition: StrategyDefinition<Schema>,
): StrategyDefinition<Schema> {
  return definition;
}
