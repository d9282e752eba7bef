import { describe, expect, it } from 'vitest';
import { datasetProbeScores, metricRows } from '../../src/metrics/dataset-scores.js';
import { wilsonInterval } from '../../src/metrics/interval.js';
import { FIXTURES, loadAll } from '../datasets/load.js';

const cell = { strategy: 'semantic', model: 'offline', budgetTokens: 4000 };

describe('benchmark scores per probe and per category', () => {
  it('LoCoMo: recall@k from the ranking, recall over the context, official F1 by category', async () => {
    const { items } = await loadAll('locomo', `${FIXTURES}locomo-mini.json`);
    const item = items[0];
    const probe = (id: string) => item.probes.find((p) => p.probeId === id)!;
    const q1 = datasetProbeScores(
      {
        item,
        probe: probe('q1'),
        rankedTurnIds: ['D10:1', 'D1:1'],
        contextTurnIds: ['D1:3', 'D10:1'],
        answer: 'Denver',
        correct: false,
      },
      [1],
    );
    // Evidence D1:3, D10:1: top-1 has D10:1 → 1/2; the context has both → 1. F1 (cat 1): gold parts
    // "Lake Tahoe" → 0 and "Denver" → 1, mean 0.5.
    expect(q1).toEqual({
      category: 1,
      abstention: false,
      values: { 'evidence_recall@1': 0.5, evidence_recall_context: 1, locomo_f1: 0.5, accuracy: 0 },
    });
    const q6 = datasetProbeScores(
      {
        item,
        probe: probe('q6'),
        rankedTurnIds: [],
        contextTurnIds: [],
        answer: 'Not mentioned in the conversation',
        correct: true,
      },
      [1],
    );
    expect(q6.values).toEqual({ 'evidence_recall@1': 0, evidence_recall_context: 0, locomo_f1: 1, accuracy: 1 });
    const rows = metricRows('locomo', cell, [q1, q6]);
    expect(rows.filter((r) => r.group === 'all').map((r) => [r.metric, r.value, r.questions])).toEqual([
      ['evidence_recall@1', 0.25, 2],
      ['evidence_recall_context', 0.5, 2],
      ['accuracy', 0.5, 2],
      ['locomo_f1', 0.75, 2],
    ]);
  });

  it('LongMemEval: abstention left out of retrieval, counted in accuracy and reported alone', async () => {
    const { items } = await loadAll('longmemeval', `${FIXTURES}longmemeval-mini.json`);
    const [q1, q2abs] = items;
    const s1 = datasetProbeScores(
      {
        item: q1,
        probe: q1.probes[0],
        rankedTurnIds: ['answer_q1:1'],
        contextTurnIds: [],
        answer: 'Rex',
        correct: true,
      },
      [1],
    );
    const s2 = datasetProbeScores(
      { item: q2abs, probe: q2abs.probes[0], rankedTurnIds: [], contextTurnIds: [], answer: 'Rex', correct: false },
      [1],
    );
    const rows = metricRows('longmemeval', cell, [s1, s2]);
    const pick = (group: string, metric: string) => rows.find((r) => r.group === group && r.metric === metric);
    expect(pick('all', 'turn.recall_any@1')).toMatchObject({ value: 1, questions: 1 });
    expect(pick('all', 'session.recall_all@1')).toMatchObject({ value: 1, questions: 1 });
    expect(pick('all', 'accuracy')).toMatchObject({ value: 0.5, questions: 2 });
    expect(pick('abstention', 'accuracy')).toMatchObject({ value: 0, questions: 1 });
    // Per type: single-session-user 1/1, multi-session (the _abs one) 0/1 → task-averaged (1 + 0) / 2.
    expect(pick('all', 'accuracy_task_averaged')).toMatchObject({ value: 0.5, questions: 2 });
    // A proportion over questions has its Wilson interval; a mean of per-type means has none.
    const accuracyCi = wilsonInterval(1, 2)!;
    expect(pick('all', 'accuracy')!.ci_low).toBeCloseTo(accuracyCi.low, 6);
    expect(pick('all', 'accuracy')!.ci_high).toBeCloseTo(accuracyCi.high, 6);
    expect(pick('all', 'accuracy_task_averaged')).toMatchObject({ ci_low: null, ci_high: null });
    expect(pick('multi-session', 'turn.recall_any@1')).toBeUndefined();
  });
});
