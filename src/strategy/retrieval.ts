import { z } from 'zod';
import type { StoredMessage } from '../store/types.js';
import type { TokenCounter } from '../tokens.js';
import { assembleContext, roundTokens, toRounds, truncateRound, type Round } from './context.js';
import type { MemoryStore } from './memory-store.js';
import { recencyContext } from './recency-context.js';
import type { ContextRequest, MemoryContext, MemoryStrategy, Scope, StrategyDeps } from './types.js';
import { VectorMemory } from './vector-memory.js';

/** How far either side of a hit to look for the rest of its round (a turn is saved as consecutive ids). */
const ROUND_REACH = 3;

/**
 * The round each hit belongs to: the user turn that opens it and the replies that follow.
 * A chat turn (user + reply) is saved in one transaction, so its ids are consecutive; we read
 * the few ids around each hit (scoped to the user) rather than page through history, which
 * keeps this O(hits) at any history size. Ids of other users in between simply end the round.
 */
export function roundsForHits(store: MemoryStore, userId: string, hitIds: readonly number[]): Map<number, Round> {
  const wanted = new Set<number>();
  for (const id of hitIds) for (let d = -ROUND_REACH; d <= ROUND_REACH; d++) if (id + d > 0) wanted.add(id + d);
  const byId = new Map(store.byIds(userId, [...wanted]).map((m) => [m.id, m]));
  const out = new Map<number, Round>();
  for (const id of hitIds) {
    const hit = byId.get(id);
    if (!hit) continue;
    const next = (m: StoredMessage, step: number) => {
      const n = byId.get(m.id + step);
      return n && n.sessionId === m.sessionId && n.role !== 'summary' ? n : undefined;
    };
    let start = hit;
    for (let prev = next(start, -1); start.role !== 'user' && prev; prev = next(start, -1)) start = prev;
    const round: Round = [start];
    for (let n = next(start, 1); n && n.role !== 'user'; n = next(n, 1)) round.push(n);
    if (!round.includes(hit)) round.splice(0, round.length, hit);
    out.set(id, round);
  }
  return out;
}

/** The last `turns` messages of the current session, as rounds, oldest first. */
export function recentRounds(store: MemoryStore, userId: string, sessionId: string, turns: number): Round[] {
  if (turns <= 0) return [];
  return toRounds(store.recent(userId, { sessionId, limit: turns }).reverse());
}

export interface RankedContextOptions {
  counter: TokenCounter;
  withDates: boolean;
  /** Retrieved messages to consider, best first. */
  topK: number;
  /** Messages of the current session always included (newest first under the budget). */
  recentTurns: number;
}

/**
 * Context for a ranking strategy: the recent window of the current session first (newest
 * rounds first), then the rounds of the top-k ranked messages, best first, each whole or not
 * at all, all sent in chronological order with their dates. A newest round larger than the
 * whole budget is truncated with a marker into what is left at the end.
 */
export function rankedContext(
  req: ContextRequest,
  rankedIds: readonly number[],
  options: RankedContextOptions,
): MemoryContext {
  const { counter, withDates } = options;
  const chosen: Round[] = [];
  const taken = new Set<number>();
  let used = 0;
  const take = (round: Round) => {
    chosen.push(round);
    for (const m of round) taken.add(m.id);
    used += roundTokens(round, counter, withDates);
  };
  const recent = recentRounds(req.store, req.userId, req.sessionId, options.recentTurns);
  // A newest round larger than the budget would leave no room for retrieval if cut first; it
  // is cut last, into whatever the retrieved rounds leave (what was just said still shows).
  let oversized: Round | null = null;
  for (let i = recent.length - 1; i >= 0; i--) {
    const round = recent[i];
    if (used + roundTokens(round, counter, withDates) <= req.budgetTokens) {
      take(round);
      continue;
    }
    if (chosen.length === 0 && !oversized) {
      oversized = round;
      continue;
    }
    break;
  }
  const held = new Set(oversized?.map((m) => m.id));
  const top = rankedIds.slice(0, options.topK);
  const rounds = roundsForHits(req.store, req.userId, top);
  for (const id of top) {
    const round = rounds.get(id);
    if (!round || round.some((m) => taken.has(m.id) || held.has(m.id))) continue;
    if (used + roundTokens(round, counter, withDates) <= req.budgetTokens) take(round);
  }
  if (oversized) {
    const cut = truncateRound(oversized, req.budgetTokens - used, counter, withDates);
    if (cut) take(cut);
  }
  return {
    ...assembleContext(chosen, { counter, budgetTokens: req.budgetTokens, withDates }),
    rankedIds: [...rankedIds],
  };
}

/** Options shared by the ranking strategies (semantic, hybrid), with their defaults written once. */
export const RANKED_OPTIONS = {
  scope: z.enum(['session', 'user']).default('user'),
  /** Retrieved messages considered, best first (each brings its round). */
  topK: z.number().int().min(1).max(1000).default(10),
  /** Messages of the current session always included. */
  recentTurns: z.number().int().min(0).max(1000).default(4),
  /** Embed user turns only (the seed's behaviour); by default assistant turns are embedded too. */
  embedUserOnly: z.boolean().default(false),
  /** Prefix each turn with its date, so temporal questions can be answered. */
  dates: z.boolean().default(true),
};

export type RankedOptions = { scope: Scope; topK: number; recentTurns: number; embedUserOnly: boolean; dates: boolean };

/**
 * A ranking strategy from its ranker: the vector memory (embedded on save, searched by the
 * ranker if it likes), packing of the ranked ids (rankedContext), and `recency` when the
 * ranker finds nothing (nothing embedded yet, or a query with no content words).
 */
export function rankedStrategy(
  name: string,
  options: RankedOptions,
  deps: StrategyDeps,
  rank: (req: ContextRequest, memory: VectorMemory) => Promise<number[]>,
): MemoryStrategy {
  const memory = new VectorMemory(deps.embedder, {
    scope: options.scope,
    roles: options.embedUserOnly ? ['user'] : ['user', 'assistant'],
  });
  const fallback = { scope: options.scope, dates: options.dates, counter: deps.tokenCounter };
  const packing = {
    counter: deps.tokenCounter,
    withDates: options.dates,
    topK: options.topK,
    recentTurns: options.recentTurns,
  };
  return {
    name,
    describe: () => ({ embedder: deps.embedder.id, embedderKind: deps.embedder.kind, ...options }),
    async buildContext(req) {
      const ranked = await rank(req, memory);
      return ranked.length === 0 ? recencyContext(req, fallback) : rankedContext(req, ranked, packing);
    },
    afterSave: (event) => memory.onSave(event),
  };
}
