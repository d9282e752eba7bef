/** The parts of run.json's `providers` section (written by ModelSetup.describe) that merging adds up. */
export type ProviderSection = Record<string, unknown> & {
  cache?: Record<string, unknown> & {
    hits: number;
    misses: number;
    recorded: number;
    models: { model: string; role: string; hits: number; misses: number; recorded: number }[];
  };
  spendUsd?: Record<string, unknown>;
};

/**
 * The run.json `providers` section of shards merged into one run: cache counts and dollars
 * summed (in total and per model and role), everything else from the first shard — the shards
 * of one run share their inputs. Each shard had its own spend ledger, so `--max-cost-usd`
 * capped each shard, not their sum.
 */
export function mergeProviderSections(sections: readonly (ProviderSection | undefined)[]): ProviderSection | undefined {
  const present = sections.filter((s): s is ProviderSection => s !== undefined);
  if (present.length === 0) return undefined;
  const [first] = present;
  const sum = (pick: (s: ProviderSection) => unknown) =>
    Math.round(present.reduce((n, s) => n + Number(pick(s) ?? 0), 0) * 1e9) / 1e9;
  const models = new Map<string, { model: string; role: string; hits: number; misses: number; recorded: number }>();
  for (const s of present) {
    for (const m of s.cache?.models ?? []) {
      const key = `${m.model}\u0000${m.role}`;
      const into = models.get(key) ?? models.set(key, { ...m, hits: 0, misses: 0, recorded: 0 }).get(key)!;
      into.hits += m.hits;
      into.misses += m.misses;
      into.recorded += m.recorded;
    }
  }
  return {
    ...first,
    cache: first.cache && {
      ...first.cache,
      hits: sum((s) => s.cache?.hits),
      misses: sum((s) => s.cache?.misses),
      recorded: sum((s) => s.cache?.recorded),
      models: [...models.values()],
    },
    spendUsd: first.spendUsd && {
      ...first.spendUsd,
      ...Object.fromEntries(
        (['total', 'chat', 'judge', 'summary'] as const).map((k) => [k, sum((s) => s.spendUsd?.[k])]),
      ),
      note: `${String(first.spendUsd.note)}; summed over ${present.length} shards, each capped on its own`,
    },
  };
}
