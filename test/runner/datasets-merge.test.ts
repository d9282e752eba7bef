import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeShardDirs } from '../../src/report/merge.js';
import { QUESTION_SCORES_FILE } from '../../src/report/question-scores.js';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { FIXTURES } from '../datasets/load.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

// Both benchmarks, three strategies (an odd number, so one group's cells are dealt to both shards).
const OPTIONS: RunOptions = {
  datasets: [`locomo:${FIXTURES}locomo-mini.json`, `longmemeval:${FIXTURES}longmemeval-mini.json`],
  strategies: ['recency', 'semantic', 'recency:scope=session'],
  budgets: [300],
  topK: [1, 3],
  log: () => {},
};

describe('memeval merge of benchmark shards', () => {
  it("averages metrics.csv again from the shards' question scores: the unsharded run's file, byte for byte", async () => {
    const out = tempDir();
    const full = await runMatrix({ ...OPTIONS, outDir: join(out, 'full') });
    const shards = [
      await runMatrix({ ...OPTIONS, outDir: join(out, 'shards'), shard: { k: 1, n: 2 } }),
      await runMatrix({ ...OPTIONS, outDir: join(out, 'shards'), shard: { k: 2, n: 2 } }),
    ];
    // Cells of one strategy × model × budget land in both shards, so each shard averages only part
    // of a group's questions: concatenating the shards' metrics.csv would list such groups twice.
    const groupsOf = (metrics: typeof full.metrics) =>
      new Set(
        metrics
          .filter((m) => m.group === 'all' && m.metric === 'accuracy')
          .map((m) => `${m.dataset}|${m.strategy}|${m.budget_tokens}|${m.questions}`),
      );
    const [one, two] = shards.map((s) => groupsOf(s.metrics));
    const split = [...one].filter((g) =>
      [...two].some((h) => h.split('|').slice(0, 3).join('|') === g.split('|').slice(0, 3).join('|')),
    );
    expect(split.length).toBeGreaterThan(0);
    expect(split.every((g) => !groupsOf(full.metrics).has(g))).toBe(true);

    const merged = mergeShardDirs([shards[1].runDir!, shards[0].runDir!], join(out, 'merged'));
    expect(merged.metrics).toEqual(full.metrics);
    const file = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
    expect(file(join(out, 'merged'), 'metrics.csv')).toBe(file(full.runDir!, 'metrics.csv'));
    expect(file(join(out, 'merged'), QUESTION_SCORES_FILE)).toBe(file(full.runDir!, QUESTION_SCORES_FILE));
  });

  it('refuses a benchmark shard without its question scores rather than writing a partial metrics.csv', async () => {
    const out = tempDir();
    const small = { ...OPTIONS, strategies: ['recency'], budgets: [4000] };
    const a = await runMatrix({ ...small, outDir: join(out, 's'), shard: { k: 1, n: 2 } });
    const b = await runMatrix({ ...small, outDir: join(out, 's'), shard: { k: 2, n: 2 } });
    rmSync(join(b.runDir!, QUESTION_SCORES_FILE));
    expect(() => mergeShardDirs([a.runDir!, b.runDir!], join(out, 'm'))).toThrow(
      `${join(b.runDir!, QUESTION_SCORES_FILE)}: no such file`,
    );
  });
});
