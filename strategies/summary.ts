import { z } from 'zod';
import { formatDateLabel } from '../src/clock.js';
import type { MemoryStore } from '../src/strategy/memory-store.js';
import type { StoredMessage } from '../src/store/types.js';
import { toRounds, type Round } from '../src/strategy/context.js';
import { creditedIds } from '../src/strategy/summary-credit.js';
import { defineStrategy, type SaveEvent } from '../src/strategy/types.js';
import type { TokenCounter } from '../src/tokens.js';
import recency from './recency.js';

/** Stored when a summariser keeps nothing, so coverage still advances and compaction does not rerun. */
export const EMPTY_SUMMARY = '(nothing worth keeping from the earlier conversation)';

/**
 * Summary-compacted memory. After a save, when the part of the history no summary covers
 * passes `thresholdTokens`, its oldest rounds (all but the newest `keepRecentTokens`) are
 * summarised together with the previous summary — summarise(previous summary + next chunk) —
 * into at most `summaryTokens`, and stored as a `summary` message covering the previous
 * summary's ids plus the chunk's (stored as the chunk's ids and a link to the previous one).
 * The context is the latest summary as system text plus the newest turns (as `recency` picks
 * them) in what the budget leaves.
 *
 * Evidence credit: a covered message counts as in the context only if its content survived
 * into the summary text (src/strategy/summary-credit.ts; docs/strategies.md), not merely
 * because the summary covers it.
 */
export default defineStrategy({
  name: 'summary',
  description: 'Rolling summary of older turns (system text) plus the newest turns',
  options: z
    .object({
      scope: z.enum(['session', 'user']).default('user'),
      /** Unsummarised tokens that trigger compaction. */
      thresholdTokens: z.number().int().min(1).default(8000),
      /** Longest summary the summariser may return. */
      summaryTokens: z.number().int().min(1).default(200),
      /** Newest unsummarised tokens left verbatim after compaction. */
      keepRecentTokens: z.number().int().min(0).default(2000),
      /** Share of a sentence's content terms that must appear in the summary to credit its message. */
      creditShare: z.number().min(0).max(1).default(0.8),
      dates: z.boolean().default(true),
    })
    .strict()
    .refine((o) => o.keepRecentTokens < o.thresholdTokens, {
      message: 'keepRecentTokens must be below thresholdTokens',
      path: ['keepRecentTokens'],
    }),
  create(options, deps) {
    const counter = deps.tokenCounter;
    const window = recency.create({ scope: options.scope, dates: options.dates }, deps);
    const sessionOf = (sessionId: string) => (options.scope === 'session' ? sessionId : undefined);
    // A summary never changes, so where its cover ends and what it credits are computed once
    // per summary rather than on every save. The cover itself is not kept: it grows with the
    // whole history, and holding one per summary would grow quadratically.
    const coverEnds = perStore<number | null>();
    const credits = perStore<number[]>();
    const coverEndOf = (store: MemoryStore, summary: StoredMessage) =>
      coverEnds(store, summary.id, () => store.summaryCoverEnd(summary.userId, summary.id) ?? null) ?? undefined;
    const creditFor = (store: MemoryStore, summary: StoredMessage) =>
      credits(store, summary.id, () =>
        creditedIds(
          summary.content,
          store.byIds(summary.userId, store.summaryCovers(summary.userId, summary.id)),
          options.creditShare,
        ),
      );

    async function compact(event: SaveEvent): Promise<void> {
      const { store, userId } = event;
      const sessionId = sessionOf(event.sessionId);
      // Each pass starts from the latest summary; a pass ends early when another process
      // chatting as this user compacted first (the save is a compare-and-set), and the next
      // pass goes on from that one's summary instead of summarising the same messages again.
      for (;;) {
        const outcome = await compactFrom(store.latestSummary(userId, sessionId), event, sessionId);
        if (outcome !== 'superseded') return;
      }
    }

    async function compactFrom(
      latest: StoredMessage | undefined,
      event: SaveEvent,
      sessionId: string | undefined,
    ): Promise<'done' | 'superseded'> {
      const { store, userId } = event;
      let previous = latest;
      const afterId = previous ? coverEndOf(store, previous) : undefined;
      if (store.tokenTotal(userId, { sessionId, afterId }) <= options.thresholdTokens) return 'done';
      // In id order, the order rows were committed: a summary's cover then always ends where the
      // next one's starts (`afterId`), even when two processes' clocks stamp turns out of order.
      const backlog = store.history(userId, { sessionId, afterId }).sort((a, b) => a.id - b.id);
      // Newest first, so the oldest round comes off with pop(): shift() would move the rest of
      // a 100k backlog on every round, and a cursor would keep summarised rounds alive.
      const rounds = toRounds(backlog).reverse();
      let remaining = rounds.reduce((s, r) => s + tokensOf(r), 0);
      // A long backlog (bulk ingest, a restart) is rolled up a threshold's worth at a time.
      while (remaining > options.thresholdTokens) {
        const chunk: Round[] = [];
        let chunkTokens = 0;
        while (rounds.length > 1 && remaining > options.keepRecentTokens && chunkTokens < options.thresholdTokens) {
          const r = rounds.pop()!;
          chunk.push(r);
          chunkTokens += tokensOf(r);
          remaining -= tokensOf(r);
        }
        if (chunk.length === 0) return 'done';
        const text = [previous?.content, ...chunk.flat().map((m) => m.content)]
          .filter((t): t is string => Boolean(t))
          .join('\n');
        const result = await deps.summarizer.summarize(text, options.summaryTokens);
        const content = fitTokens(result.text.trim(), options.summaryTokens, counter) || EMPTY_SUMMARY;
        // The new summary stores only the chunk's ids and a link to the one it rolled up: its
        // cover is the chunk plus everything that one covers (store.summaryCovers).
        const chunkIds = chunk.flat().map((m) => m.id);
        const message = { userId, sessionId: event.sessionId, content, createdAtMs: event.clock.nowMs() };
        const saved = store.saveSummaryIfLatest(message, chunkIds, {
          rollsUpId: previous?.id,
          scopeSessionId: sessionId,
        });
        if (!saved) return 'superseded';
        previous = saved;
      }
      return 'done';
    }

    return {
      name: 'summary',
      describe: () => ({ embedder: 'none', summarizer: deps.summarizer.id, ...options }),
      async buildContext(req) {
        const summary = req.store.latestSummary(req.userId, sessionOf(req.sessionId));
        const system = summary
          ? `Summary of the conversation before ${formatDateLabel(summary.createdAtMs)}:\n${summary.content}`
          : undefined;
        const systemTokens = system ? counter.count(system) : 0;
        if (!summary || systemTokens > req.budgetTokens) return window.buildContext(req);
        const recent = await window.buildContext({ ...req, budgetTokens: req.budgetTokens - systemTokens });
        const ids = new Set([...recent.messageIds, ...creditFor(req.store, summary)]);
        return {
          ...recent,
          system,
          messageIds: [...ids].sort((a, b) => a - b),
          contextTokens: recent.contextTokens + systemTokens,
        };
      },
      afterSave: compact,
    };
  },
});

/** A memo keyed by store handle and summary id (summaries are immutable once stored). */
function perStore<T>(): (store: MemoryStore, id: number, make: () => T) => T {
  const byStore = new WeakMap<MemoryStore, Map<number, T>>();
  return (store, id, make) => {
    let byId = byStore.get(store);
    if (!byId) byStore.set(store, (byId = new Map()));
    let value = byId.get(id);
    if (value === undefined) byId.set(id, (value = make()));
    return value;
  };
}

function tokensOf(round: Round): number {
  return round.reduce((s, m) => s + m.tokenCount, 0);
}

/** Cuts a summary that came back longer than asked (a real model may overshoot) at a word boundary. */
function fitTokens(text: string, maxTokens: number, counter: TokenCounter): string {
  let out = text;
  while (out && counter.count(out) > maxTokens) out = out.slice(0, Math.floor(out.length * 0.9)).replace(/\s+\S*$/, '');
  return out;
}
