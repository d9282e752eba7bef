import { describe, expect, it } from 'vitest';
import {
  breakdown,
  dcg,
  retrievalExcludesAbstention,
  evaluateRetrieval,
  evaluateTurnToSession,
  locomoMetrics,
  longMemEvalMetrics,
} from '../../src/metrics/retrieval.js';
import { FIXTURES, loadAll } from '../datasets/load.js';

const LOG2_3 = Math.log2(3);

/*
 * Expected numbers are derived by hand from LongMemEval's src/retrieval/eval_utils.py:
 *   dcg(rel, k) = rel[0] + Σ_{i=1..} rel[i] / log2(i+1)   over rel[:k]
 *   ndcg = dcg(ranked rel, k) / dcg(all corpus rel sorted descending, k), 0 if the ideal is 0
 *   recall_any = any correct in top k; recall_all = all correct in top k (1 if none are correct)
 *   turn2session: k widened until the top turns span k distinct sessions (or k > corpus size)
 * and from LoCoMo's evaluation.py: recall = |evidence ∩ retrieved| / |evidence|, 1 if no evidence.
 */
describe('LongMemEval retrieval metrics agree with eval_utils.py', () => {
  it('dcg gives positions 1 and 2 the same weight (log2(2) = 1)', () => {
    // 1 + 1/log2(2) + 1/log2(3) = 2 + 1/1.58496… (the log2(i+2) variant would give 2.1309…)
    expect(dcg([1, 1, 1], 3)).toBeCloseTo(2 + 1 / LOG2_3, 12);
    expect(dcg([1, 1, 1], 10)).toBeCloseTo(2 + 1 / LOG2_3, 12); // k beyond the list: the whole list
    expect(dcg([], 5)).toBe(0);
  });

  it('recall_any, recall_all and ndcg_any of one ranking', () => {
    // ranked rel [0,1,1]: dcg = 0 + 1/1 + 1/log2(3); ideal over corpus rel [1,1,0,0] → 1 + 1 + 0 = 2.
    const r = evaluateRetrieval(['d', 'a', 'b'], ['a', 'b'], ['a', 'b', 'c', 'd'], 3);
    expect(r).toEqual({ recallAny: 1, recallAll: 1, ndcgAny: expect.closeTo((1 + 1 / LOG2_3) / 2, 12) });
    // k = 2: top {d, a}; any 1, all 0; dcg [0,1] = 1, ideal [1,1] = 2 → 0.5.
    expect(evaluateRetrieval(['d', 'a', 'b'], ['a', 'b'], ['a', 'b', 'c', 'd'], 2)).toEqual({
      recallAny: 1,
      recallAll: 0,
      ndcgAny: 0.5,
    });
  });

  it('no correct document: recall_any 0, recall_all 1 (Python all([])), ndcg 0', () => {
    expect(evaluateRetrieval(['a'], [], ['a', 'b'], 5)).toEqual({ recallAny: 0, recallAll: 1, ndcgAny: 0 });
  });

  it('turn2session widens k until k distinct sessions are covered', () => {
    // ranked sessions [A, A, B, C], correct [C], corpus [A, A, B, C, D].
    // k = 2: top 2 = {A} (1 session) → widen to 3 = {A, B}; C not in → 0, 0, ndcg 0.
    expect(evaluateTurnToSession(['A', 'A', 'B', 'C'], ['C'], ['A', 'A', 'B', 'C', 'D'], 2)).toEqual({
      recallAny: 0,
      recallAll: 0,
      ndcgAny: 0,
    });
    // k = 3: widen to 4 = {A, B, C}; hit; dcg [0,0,0,1] = 1/log2(4) = 0.5; ideal [1,0,0,0] = 1 → 0.5.
    expect(evaluateTurnToSession(['A', 'A', 'B', 'C'], ['C'], ['A', 'A', 'B', 'C', 'D'], 3)).toEqual({
      recallAny: 1,
      recallAll: 1,
      ndcgAny: 0.5,
    });
  });

  it('per question: user turns only, evidence sessions found only through evidence turns', async () => {
    const { items } = await loadAll('longmemeval', `${FIXTURES}longmemeval-mini.json`);
    const item = items.find((i) => i.scenario.id === 'q3')!;
    // Replay order (sorted by time): answer_q3_2 (09:00), answer_q3_1 (15:00), ultrachat_77.
    // User corpus: answer_q3_2:2 (no answer), answer_q3_1:1 (has_answer), ultrachat_77:1.
    // The has_answer turn answer_q3_2:1 is an assistant turn: not in the official corpus.
    // Strategy ranking → assistant turns dropped → [ultrachat_77:1, answer_q3_2:2, answer_q3_1:1].
    const ranked = ['answer_q3_2:1', 'ultrachat_77:1', 'answer_q3_2:2', 'answer_q3_1:1', 'answer_q3_1:2'];
    const m = longMemEvalMetrics(item, item.probes[0], ranked, [1, 3, 5]);
    // Turn level: correct = {answer_q3_1:1} at rank 3. k=1: 0,0,0. k=3: 1,1, (1/log2 3)/1.
    expect(m['turn.recall_any@1']).toBe(0);
    expect(m['turn.ndcg_any@1']).toBe(0);
    expect(m['turn.recall_all@3']).toBe(1);
    expect(m['turn.ndcg_any@3']).toBeCloseTo(1 / LOG2_3, 12);
    expect(m['turn.ndcg_any@5']).toBeCloseTo(1 / LOG2_3, 12);
    // Session level: docs [ultrachat_77, noans answer_q3_2, answer_q3_1] (answer_q3_2's only user
    // turn is not evidence, so it is a different document); correct {answer_q3_1}.
    // k=1: top {ultrachat_77} → 0. k=3: 3 distinct → hit at rank 3 → 1/log2(3).
    expect(m['session.recall_any@1']).toBe(0);
    expect(m['session.recall_any@3']).toBe(1);
    expect(m['session.ndcg_any@3']).toBeCloseTo(1 / LOG2_3, 12);
    // k=5 > 3 corpus turns: no widening, same as k=3.
    expect(m['session.recall_all@5']).toBe(1);
  });

  it('abstention questions are left out of the averages', () => {
    const rows = breakdown(
      [
        { category: 'multi-session', abstention: false, values: { 'turn.recall_any@5': 1 } },
        { category: 'multi-session', abstention: true, values: { 'turn.recall_any@5': 0 } },
        { category: 'temporal-reasoning', abstention: false, values: { 'turn.recall_any@5': 0 } },
      ],
      { excludeAbstention: retrievalExcludesAbstention('longmemeval') },
    );
    expect(rows).toEqual([
      { group: 'multi-session', n: 1, means: { 'turn.recall_any@5': 1 } },
      { group: 'temporal-reasoning', n: 1, means: { 'turn.recall_any@5': 0 } },
      { group: 'all', n: 2, means: { 'turn.recall_any@5': 0.5 } },
    ]);
  });
});

describe('LoCoMo evidence recall agrees with evaluation.py', () => {
  it('fraction of evidence ids among the top k; unresolved ids stay in the denominator', async () => {
    const { items } = await loadAll('locomo', `${FIXTURES}locomo-mini.json`);
    const item = items[0];
    const probe = (id: string) => item.probes.find((p) => p.probeId === id)!;
    // q1 evidence "D1:3; D10:1" → [D1:3, D10:1]. Ranking [D10:1, D2:2, D1:3]: @1 1/2, @3 2/2.
    expect(locomoMetrics(probe('q1'), ['D10:1', 'D2:2', 'D1:3'], [1, 3])).toEqual({
      'evidence_recall@1': 0.5,
      'evidence_recall@3': 1,
    });
    // q5 evidence [D2:3, "D" (unresolvable)]: D2:3 retrieved → 1/2, as the official exact match gives.
    expect(locomoMetrics(probe('q5'), ['D2:3'], [1])).toEqual({ 'evidence_recall@1': 0.5 });
    // q7 has no evidence: 1 by the official rule. q9 cites D9:9, which does not exist: 0.
    expect(locomoMetrics(probe('q7'), [], [5])).toEqual({ 'evidence_recall@5': 1 });
    expect(locomoMetrics(probe('q9'), ['D1:1'], [5])).toEqual({ 'evidence_recall@5': 0 });
  });

  it('category 5 counts in the LoCoMo averages, keyed by the raw integer', () => {
    const rows = breakdown(
      [
        { category: 5, abstention: true, values: { 'evidence_recall@5': 1 } },
        { category: 10, abstention: false, values: { 'evidence_recall@5': 0 } },
        { category: 2, abstention: false, values: { 'evidence_recall@5': 0 } },
      ],
      { excludeAbstention: retrievalExcludesAbstention('locomo') },
    );
    expect(rows.map((r) => [r.group, r.n, r.means['evidence_recall@5']])).toEqual([
      ['2', 1, 0],
      ['5', 1, 1],
      ['10', 1, 0],
      ['all', 3, 1 / 3],
    ]);
  });
});
