// Evaluate a custom memory strategy next to a built-in one, from code: npx tsx examples/custom-strategy.ts
import { assembleContext, defineStrategy, runEval, toRounds, z } from 'memeval';

/** Sends only the user's first `turns` turns: a deliberately naive memory, to compare with recency. */
const firstTurns = defineStrategy({
  name: 'first-turns',
  description: "The user's oldest turns that fit",
  options: z.object({ turns: z.number().int().positive().default(4) }).strict(),
  create: (options, deps) => ({
    name: 'first-turns',
    describe: () => ({ embedder: 'none', ...options }),
    async buildContext({ store, userId, budgetTokens }) {
      const oldest = store.history(userId).slice(0, options.turns);
      return assembleContext(toRounds(oldest), { counter: deps.tokenCounter, budgetTokens, withDates: false });
    },
  }),
});

const { summary } = await runEval({
  strategies: ['recency', firstTurns, { name: firstTurns, options: { turns: 12 } }],
  scenarios: ['six-weeks-later', 'knowledge-update', 'restart-cross-session'],
  outDir: null,
});
for (const row of summary)
  console.log(
    `${row.strategy}\taccuracy ${row.accuracy}\tevidence ${row.evidence_recall}\tin-tokens ${row.mean_input_tokens}`,
  );
