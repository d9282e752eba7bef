import { z } from 'zod';
import { recencyContext } from '../src/strategy/recency-context.js';
import { defineStrategy } from '../src/strategy/types.js';

/**
 * Sends the newest turns that fit the budget, whole rounds oldest first; an oversized newest
 * round is truncated with a marker. The algorithm is the SDK's recencyContext, which the ranking
 * strategies also fall back to when nothing ranks.
 */
export default defineStrategy({
  name: 'recency',
  description: 'Newest turns that fit the token budget',
  options: z
    .object({
      scope: z.enum(['session', 'user']).default('user'),
      /** Prefix each turn with its date, so temporal questions can be answered. */
      dates: z.boolean().default(true),
    })
    .strict(),
  create(options, deps) {
    return {
      name: 'recency',
      describe: () => ({ embedder: 'none', ...options }),
      buildContext: (req) => recencyContext(req, { ...options, counter: deps.tokenCounter }),
    };
  },
});
