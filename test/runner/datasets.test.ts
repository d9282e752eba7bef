import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { runMatrix } from '../../src/runner/run.js';
import { FIXTURES } from '../datasets/load.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const LOCOMO = `locomo:${FIXTURES}locomo-mini.json`;
const LME = `longmemeval:${FIXTURES}longmemeval-mini.json`;

describe('runMatrix with --dataset', () => {
  it('runs only the benchmark, carries categories, writes metrics.csv per category and the import report', async () => {
    const out = tempDir();
    const result = await runMatrix({
      datasets: [LOCOMO],
      strategies: ['recency'],
      topK: [1, 3],
      outDir: out,
      log: () => {},
    });
    expect(new Set(result.rows.map((r) => r.scenario_id))).toEqual(new Set(['conv-1', 'conv-2']));
    expect(result.rows.find((r) => r.scenario_id === 'conv-1' && r.probe_id === 'q6')).toMatchObject({
      category: 5,
      kind: 'abstain',
    });
    const csv = readFileSync(join(result.runDir!, 'metrics.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('dataset,strategy,model,budget_tokens,group,metric,value,questions,ci_low,ci_high');
    // Recency ranks newest first: conv-1 → D10:2, D10:1, D2:3, D2:2, D2:1, D1:3, D1:2, D1:1; conv-2 → D1:2, D1:1.
    // @1 / @3 per question: conv-1 q1 [D1:3, D10:1] 0 / 1/2; q5 [D2:3, "D"] 0 / 1/2; q7 (no evidence) 1 / 1;
    // q2, q3, q4, q6, q8, q9 0 / 0; conv-2 q1 [D1:2] 1 / 1.
    // Category 1 (q1, q8): @3 = (1/2 + 0) / 2. Category 4 (q4, q5, q9, conv-2 q1): @1 = 1/4, @3 = 1.5/4.
    // All 10: @1 = 2/10, @3 = 3/10.
    const metric = (group: string, name: string) => result.metrics.find((m) => m.group === group && m.metric === name);
    expect(metric('1', 'evidence_recall@3')).toMatchObject({ value: 0.25, questions: 2 });
    expect(metric('4', 'evidence_recall@1')).toMatchObject({ value: 0.25, questions: 4 });
    expect(metric('4', 'evidence_recall@3')).toMatchObject({ value: 0.375, questions: 4 });
    expect(metric('all', 'evidence_recall@1')).toMatchObject({ value: 0.2, questions: 10 });
    expect(metric('all', 'evidence_recall@3')).toMatchObject({ value: 0.3, questions: 10 });
    // The 95% Wilson interval of 2 in 10 (Newcombe's method 3): [0.0567, 0.5098].
    expect(metric('all', 'evidence_recall@1')!.ci_low).toBeCloseTo(0.0567, 4);
    expect(metric('all', 'evidence_recall@1')!.ci_high).toBeCloseTo(0.5098, 4);
    expect(metric('5', 'locomo_f1')).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(result.runDir!, 'run.json'), 'utf8'));
    expect(manifest.datasets[0]).toMatchObject({
      name: 'locomo',
      import: { items: 2, probes: 10, unresolved: [{ evidence: 'D' }, { evidence: 'D9:9' }] },
    });
    expect(manifest.top_k).toEqual([1, 3]);
  });

  it('one ranking serves every k: recall@k grows with k and abstention is out of LongMemEval retrieval', async () => {
    const result = await runMatrix({
      datasets: [LME],
      strategies: ['recency'],
      topK: [1, 2, 50],
      outDir: null,
      log: () => {},
    });
    const all = (name: string) => result.metrics.find((m) => m.group === 'all' && m.metric === name)!;
    expect(all('turn.recall_any@1').questions).toBe(2);
    expect(all('accuracy').questions).toBe(3);
    expect(all('turn.recall_all@50').value).toBeGreaterThanOrEqual(all('turn.recall_all@2').value);
    // q1: the user corpus is 3 turns, all within 50 newest → its evidence turn is found at k = 50.
    // q3: evidence user turn answer_q3_1:1 is among the newest 50 as well. Both → 1.
    expect(all('turn.recall_all@50').value).toBe(1);
    expect(result.rows.map((r) => r.category)).toEqual(['single-session-user', 'multi-session', 'temporal-reasoning']);
  });

  it('a bad dataset spec or file is bad input (exit 2) before anything runs', async () => {
    await expect(runMatrix({ datasets: ['msc:foo.json'], outDir: null, log: () => {} })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(
      runMatrix({ datasets: [`locomo:${FIXTURES}nope.json`], outDir: null, log: () => {} }),
    ).rejects.toBeInstanceOf(MemevalError);
    await expect(runMatrix({ datasets: [LOCOMO], topK: [0], outDir: null, log: () => {} })).rejects.toMatchObject({
      code: 'USAGE',
    });
  });
});
