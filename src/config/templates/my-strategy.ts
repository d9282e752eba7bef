// A memory strategy of your own, evaluated next to the built-ins by `memeval run`.
// `memeval` resolves to the memeval package installed in this project
// (npm install --save-dev ./memeval-<version>.tgz); inside the memeval repository, to itself.
import { assembleContext, defineStrategy, toRounds, z } from 'memeval';

export default defineStrategy({
  // The name is the strategy's row label in summary.csv (plus any options that differ from the defaults).
  name: 'keyword',
  description: 'Stored turns sharing the most words with the question (SQLite full-text search)',
  // Options are checked against this schema: `{ name: ./my-strategy.ts, options: { topK: 4 } }`.
  options: z
    .object({
      topK: z.number().int().positive().default(8),
      scope: z.enum(['user', 'session']).default('user'),
    })
    .strict(),
  create(options, deps) {
    return {
      name: 'keyword',
      describe: () => ({ embedder: 'none', ...options }),
      async buildContext({ store, userId, sessionId, query, budgetTokens }) {
        const hits = store.searchText(userId, query, options.topK, options.scope === 'session' ? sessionId : undefined);
        const found = store
          .byIds(
            userId,
            hits.map((h) => h.id),
          )
          .sort((a, b) => a.createdAtMs - b.createdAtMs || a.id - b.id);
        // assembleContext keeps roles alternating and drops the oldest turns until the budget holds.
        const context = assembleContext(toRounds(found), { counter: deps.tokenCounter, budgetTokens, withDates: true });
        return { ...context, rankedIds: hits.map((h) => h.id) };
      },
    };
  },
});
