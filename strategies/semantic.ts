import { z } from 'zod';
import { RANKED_OPTIONS, rankedStrategy } from '../src/strategy/retrieval.js';
import { defineStrategy } from '../src/strategy/types.js';

/**
 * Retrieves by cosine similarity over the user's whole history (or the session with
 * scope=session): the top-k most similar stored turns, each with the rest of its round, under
 * the budget, sent in chronological order with their dates, plus the last few turns of the
 * current session. Turns are embedded on save; vectors live in SQLite and in a per-user
 * in-memory index (src/vector). When nothing is similar (nothing embedded yet, or a query
 * without content words) it answers like `recency`.
 */
export default defineStrategy({
  name: 'semantic',
  description: 'Most similar past turns by embedding cosine, plus the recent window',
  options: z.object(RANKED_OPTIONS).strict(),
  create(options, deps) {
    return rankedStrategy('semantic', options, deps, async (req, memory) =>
      (await memory.search(req.store, req.userId, req.sessionId, req.query, options.topK)).map((h) => h.id),
    );
  },
});
