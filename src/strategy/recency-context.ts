import type { TokenCounter } from '../tokens.js';
import { assembleContext, roundTokens, truncateRound, type Round } from './context.js';
import type { ContextRequest, MemoryContext, Scope } from './types.js';

const PAGE = 200;

export interface RecencyOptions {
  scope: Scope;
  /** Prefix each turn with its date. */
  dates: boolean;
  counter: TokenCounter;
}

/**
 * The newest turns that fit the budget. Rounds (a user turn and its replies) are kept or
 * dropped whole, newest first, and sent oldest first. A newest round that alone exceeds the
 * budget is truncated with a marker (never silently skipped: it is what the user just said);
 * an older one that does not fit ends the window, so the context stays a contiguous tail.
 * The `recency` strategy is this; ranking strategies fall back to it when nothing ranks.
 */
export async function recencyContext(req: ContextRequest, options: RecencyOptions): Promise<MemoryContext> {
  const { counter } = options;
  const sessionId = options.scope === 'session' ? req.sessionId : undefined;
  const chosen: Round[] = [];
  let used = 0;
  let beforeId: number | undefined;
  let pending: Round = [];
  // Page backwards through history so a 100k-message user costs only what fits.
  outer: for (;;) {
    const page = req.store.recent(req.userId, { sessionId, limit: PAGE, beforeId });
    if (page.length === 0) break;
    beforeId = page.at(-1)!.id;
    for (const m of page) {
      pending.unshift(m);
      if (m.role !== 'user') continue;
      const round = pending;
      pending = [];
      const cost = roundTokens(round, counter, options.dates);
      if (used + cost <= req.budgetTokens) {
        chosen.push(round);
        used += cost;
        continue;
      }
      if (chosen.length === 0) {
        const cut = truncateRound(round, req.budgetTokens, counter, options.dates);
        if (cut) chosen.push(cut);
      }
      break outer;
    }
  }
  // Replies with no user turn before them (the oldest messages) form a round of their own.
  if (pending.length > 0 && used + roundTokens(pending, counter, options.dates) <= req.budgetTokens)
    chosen.push(pending);
  const context = assembleContext(chosen, { counter, budgetTokens: req.budgetTokens, withDates: options.dates });
  // Recency's ranking is time: newest first (message ids grow with insertion), as deep as asked.
  const window = [...context.messageIds].reverse();
  const depth = req.rankDepth ?? 0;
  const rankedIds =
    depth > window.length ? req.store.recent(req.userId, { sessionId, limit: depth }).map((m) => m.id) : window;
  return { ...context, rankedIds };
}
