import { describe, expect, it } from 'vitest';
import { findPrice } from '../../src/models/pricing.js';
import type { ResultRow } from '../../src/report/columns.js';
import { summarize } from '../../src/report/summary.js';
import { runCell } from '../../src/runner/cell.js';
import { evidenceScore, leaks, scoreCell } from '../../src/runner/score.js';
import { cellOf, quietDeps } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('scoring', () => {
  it('evidence recall is the share of evidence turns in the context; unstored evidence counts as missed', () => {
    expect(evidenceScore([1, 2, null, 4], [2, 4, 9])).toEqual({ hit: 2, total: 4 });
    expect(evidenceScore([], [1])).toEqual({ hit: 0, total: 0 });
  });

  it('a leak is a forbidden string, normalised, in the context or the answer', () => {
    expect(leaks(['Green tea'], 'I used to love GREEN-tea.', 'lapsang')).toBe(true);
    expect(leaks(['Oslo'], 'nothing here', 'You live in Oslo!')).toBe(true);
    expect(leaks(['Oslo'], 'Tromsoslo', 'no')).toBe(false);
  });

  it('rows carry the judge verdict, evidence, leak, tokens and one extra row per --price-as model', async () => {
    const spec = await cellOf([
      { session: { id: 's1', user: 'u', turns: [{ id: 'old', user: 'My favourite tea is green tea.' }] } },
      {
        session: { id: 's2', user: 'u', after: '1d', turns: [{ id: 'new', user: 'My favourite tea is now lapsang.' }] },
      },
      {
        probe: {
          id: 'tea',
          user: 'u',
          after: '1d',
          kind: 'update',
          question: 'What is my favourite tea?',
          expect: { any: ['lapsang'] },
          evidence: ['new'],
          forbidden: ['green tea'],
        },
      },
    ]);
    const cell = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    const haiku = findPrice('claude-haiku-4-5')!;
    const rows = await scoreCell(cell, { runId: 'run-x', priceAs: [haiku] });
    expect(rows).toHaveLength(2);
    const [base, priced] = rows;
    expect(base).toMatchObject({
      run_id: 'run-x',
      scenario_id: 'fixture',
      probe_id: 'tea',
      kind: 'update',
      strategy: 'recency',
      embedder: 'none',
      model: 'offline',
      model_provider: 'offline',
      judge: 'contains',
      correct: true,
      score: 1,
      evidence_total: 1,
      evidence_hit: true,
      evidence_recall: 1,
      leaked: true,
      cost_usd: null,
      priced_as: null,
      usage_exact: false,
      cached: false,
      error: null,
    });
    expect(base.answer).toContain('lapsang');
    expect(priced.priced_as).toBe(haiku.id);
    const expected =
      (Number(base.input_tokens) * haiku.inputUsdPerMTok + Number(base.output_tokens) * haiku.outputUsdPerMTok) / 1e6;
    expect(priced.cost_usd).toBeCloseTo(expected, 9);
    expect({ ...priced, cost_usd: null, priced_as: null }).toEqual(base);
  });
});

function row(over: Partial<ResultRow>): ResultRow {
  return {
    run_id: 'r',
    scenario_id: 's',
    probe_id: 'p',
    kind: 'recall',
    category: null,
    strategy: 'recency',
    embedder: 'none',
    model: 'offline',
    model_provider: 'offline',
    judge: 'contains',
    budget_tokens: 4000,
    question: 'q',
    expected: 'x',
    answer: 'a',
    correct: true,
    score: 1,
    evidence_total: 1,
    evidence_hit: true,
    evidence_recall: 1,
    leaked: false,
    forbidden_in_answer: false,
    context_tokens: 10,
    input_tokens: 100,
    output_tokens: 10,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    usage_exact: false,
    cost_usd: null,
    priced_as: null,
    stop_reason: 'end_turn',
    max_tokens_stop: false,
    judge_input_tokens: null,
    judge_output_tokens: null,
    judge_cost_usd: null,
    summary_input_tokens: 0,
    summary_output_tokens: 0,
    summary_cost_usd: 0,
    strategy_ms: 1,
    model_ms: 1,
    total_ms: 2,
    cached: false,
    error: null,
    ...over,
  };
}

describe('summarize', () => {
  it('groups by strategy × model × budget × priced_as and aggregates as documented', () => {
    const rows = [
      row({ total_ms: 1, strategy_ms: 1 }),
      row({
        correct: false,
        evidence_recall: 0,
        evidence_hit: false,
        leaked: true,
        judge: 'regex',
        total_ms: 3,
        strategy_ms: 2,
        input_tokens: 300,
      }),
      row({ total_ms: 1000, strategy_ms: 1000, cached: true }),
      row({
        answer: null,
        correct: false,
        error: 'boom',
        input_tokens: null,
        total_ms: null,
        strategy_ms: null,
        evidence_recall: null,
      }),
      row({ budget_tokens: 8000 }),
      row({ strategy: 'semantic' }),
    ];
    const s = summarize(rows);
    expect(s.map((r) => [r.strategy, r.budget_tokens])).toEqual([
      ['recency', 4000],
      ['recency', 8000],
      ['semantic', 4000],
    ]);
    expect(s[0]).toMatchObject({
      probes: 4,
      accuracy: 0.5,
      evidence_recall: 0.6667,
      leaks: 1,
      errors: 1,
      judge: 'contains+regex',
      mean_input_tokens: 166.7,
      cost_per_exchange_usd: null,
      total_p50_ms: 1,
      total_p95_ms: 3,
      strategy_p95_ms: 2,
    });
  });

  it('prices per exchange when every answered row has a cost', () => {
    const s = summarize([row({ cost_usd: 0.002, priced_as: 'm' }), row({ cost_usd: 0.004, priced_as: 'm' })]);
    expect(s[0].cost_per_exchange_usd).toBeCloseTo(0.003, 12);
    expect(s[0].priced_as).toBe('m');
  });
});
