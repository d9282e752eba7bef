import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIMING_COLUMNS, type ResultRow } from '../../src/report/columns.js';
import { QUESTION_SCORES_FILE } from '../../src/report/question-scores.js';
import { DatasetItemLoader } from '../../src/runner/dataset-items.js';
import { JOURNAL_FILE } from '../../src/runner/journal.js';
import { resumeOptions } from '../../src/runner/resume.js';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { FIXTURES } from '../datasets/load.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const quiet = { log: () => {} };
const withoutTiming = (rows: ResultRow[]) =>
  rows.map((r) => ({ ...r, ...Object.fromEntries(TIMING_COLUMNS.map((c) => [c, null])) }));

/** A LongMemEval file of `n` questions: the mini fixture's questions again under new ids. */
function manyQuestions(dir: string, n: number): string {
  const mini = JSON.parse(readFileSync(`${FIXTURES}longmemeval-mini.json`, 'utf8')) as { question_id: string }[];
  const items = Array.from({ length: n }, (_, i) => ({
    ...mini[i % mini.length],
    question_id: `n${String(i).padStart(2, '0')}_${mini[i % mini.length].question_id}`,
  }));
  const file = join(dir, 'lme-many.json');
  writeFileSync(file, JSON.stringify(items));
  return file;
}

describe('run --dataset holds only the items whose cells are running', () => {
  it('holds at most one item per cell in flight, whatever the number of items, with the same rows at any -j', async () => {
    const dir = tempDir();
    const options: RunOptions = {
      datasets: [`longmemeval:${manyQuestions(dir, 12)}`],
      strategies: ['recency', 'semantic'],
      topK: [1, 3],
      outDir: null,
      ...quiet,
    };
    const one = await runMatrix({ ...options, concurrency: 1 });
    const three = await runMatrix({ ...options, concurrency: 3 });
    expect(one.rows).toHaveLength(24);
    expect(one.peakDatasetItems).toBe(1);
    expect(three.peakDatasetItems).toBeGreaterThanOrEqual(1);
    expect(three.peakDatasetItems).toBeLessThanOrEqual(3);
    expect(withoutTiming(three.rows)).toEqual(withoutTiming(one.rows));
    expect(three.metrics).toEqual(one.metrics);
  });

  it('skips the items a run does not use (--limit, another shard) on the second pass', async () => {
    const dir = tempDir();
    const dataset = `longmemeval:${manyQuestions(dir, 9)}`;
    const limited = await runMatrix({ datasets: [dataset], strategies: ['recency'], limit: 4, outDir: null, ...quiet });
    expect(limited.rows.map((r) => r.scenario_id)).toEqual(['n00_q1', 'n01_q2_abs', 'n02_q3', 'n03_q1']);
    const shard = await runMatrix({
      datasets: [dataset],
      strategies: ['recency'],
      shard: { k: 2, n: 3 },
      outDir: null,
      ...quiet,
    });
    expect(shard.rows).toHaveLength(3);
    expect(shard.peakDatasetItems).toBeLessThanOrEqual(2);
    expect(new Set(shard.rows.map((r) => r.scenario_id)).size).toBe(3);
  });

  it('a resumed benchmark run reads its items again to score the cells the journal holds: the same files', async () => {
    const out = tempDir();
    const options: RunOptions = {
      datasets: [`longmemeval:${FIXTURES}longmemeval-mini.json`, `locomo:${FIXTURES}locomo-mini.json`],
      strategies: ['recency'],
      topK: [1, 3],
      outDir: out,
      ...quiet,
    };
    const full = await runMatrix(options);
    const file = (name: string) => readFileSync(join(full.runDir!, name), 'utf8');
    const [metrics, questions] = [file('metrics.csv'), file(QUESTION_SCORES_FILE)];
    const journal = join(full.runDir!, JOURNAL_FILE);
    writeFileSync(journal, `${readFileSync(journal, 'utf8').split('\n').slice(0, 2).join('\n')}\n`);
    const resumed = await runMatrix(resumeOptions(full.runDir!, quiet));
    expect(withoutTiming(resumed.rows)).toEqual(withoutTiming(full.rows));
    expect(file('metrics.csv')).toBe(metrics);
    expect(file(QUESTION_SCORES_FILE)).toBe(questions);
  });

  it('an item that is not where the plan found it (the file changed) is DATASET_INVALID', async () => {
    const file = `${FIXTURES}longmemeval-mini.json`;
    const source = {
      name: 'longmemeval' as const,
      file,
      report: {
        dataset: 'longmemeval' as const,
        file,
        items: 0,
        sessions: 0,
        turns: 0,
        probes: 0,
        repaired: {},
        skipped: {},
        unresolved: [],
      },
    };
    // Element 1 is q2_abs: a plan that put q3 there no longer matches the file.
    const moved = { source: 0, index: 1, id: 'q3' };
    const loader = new DatasetItemLoader([source], [moved], undefined);
    await expect(loader.acquire(moved)).rejects.toMatchObject({
      code: 'DATASET_INVALID',
      message: expect.stringContaining('$[1]'),
    });
    await loader.close();
  });
});
