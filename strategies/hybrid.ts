import { z } from 'zod';
import { RANKED_OPTIONS, rankedStrategy } from '../src/strategy/retrieval.js';
import { reciprocalRankFusion } from '../src/strategy/rrf.js';
import { defineStrategy } from '../src/strategy/types.js';
import { STOP_WORDS, words } from '../src/util/text.js';

/**
 * Lexical and semantic retrieval fused: BM25 over the SQLite FTS5 index (exact names, numbers,
 * rare words) and embedding cosine (wording that differs), each contributing its best
 * `candidates`, combined by reciprocal rank fusion; then packed like `semantic` (top-k rounds
 * with dates plus the recent window of the current session).
 *
 * Profile facts: the chatbot already puts the user's profile in the system prompt for every
 * strategy, so hybrid does not add it again (that would charge its tokens twice, and the
 * comparison stays fair because every strategy gets the same profile).
 */
export default defineStrategy({
  name: 'hybrid',
  description: 'BM25 (FTS5) and embedding cosine fused by reciprocal rank, plus the recent window',
  options: z
    .object({
      ...RANKED_OPTIONS,
      /** Results each ranker contributes to the fusion. */
      candidates: z.number().int().min(1).max(10_000).default(50),
      /** The RRF constant. */
      rrfK: z.number().positive().default(60),
    })
    .strict(),
  create(options, deps) {
    return rankedStrategy('hybrid', options, deps, async (req, memory) => {
      const sessionId = options.scope === 'session' ? req.sessionId : undefined;
      // Stop words match nearly every row: they add nothing to BM25 but make FTS5 score the whole
      // history (~100 ms at 100k messages); searching content words only keeps it to the matches.
      const lexical = req.store.searchText(
        req.userId,
        words(req.query)
          .filter((w) => !STOP_WORDS.has(w))
          .join(' '),
        options.candidates,
        sessionId,
      );
      const vector = await memory.search(req.store, req.userId, req.sessionId, req.query, options.candidates);
      return reciprocalRankFusion([lexical.map((h) => h.id), vector.map((h) => h.id)], options.rrfK).map((f) => f.id);
    });
  },
});
