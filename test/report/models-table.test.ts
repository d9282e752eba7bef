import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../src/report/columns.js';
import { formatModelComparison } from '../../src/report/models-table.js';
import { formatSummaryTable } from '../../src/report/table.js';

function row(model: string, extra: Partial<SummaryRow> = {}): SummaryRow {
  return {
    strategy: 'recency',
    embedder: 'none',
    model,
    model_provider: model === 'offline' ? 'offline' : 'anthropic',
    judge: 'contains',
    budget_tokens: 4000,
    priced_as:
      model === 'claude-haiku-4-5'
        ? 'claude-haiku-4-5-20251001'
        : model === 'claude-sonnet-4-5'
          ? 'claude-sonnet-4-5-20250929'
          : null,
    probes: 3,
    accuracy: 0.6667,
    evidence_recall: 1,
    leaks: 0,
    errors: 0,
    mean_input_tokens: 120,
    mean_output_tokens: 10,
    cost_per_exchange_usd: model === 'offline' ? null : 0.000123,
    mean_summary_input_tokens: 0,
    mean_summary_output_tokens: 0,
    summary_cost_per_exchange_usd: 0,
    strategy_p50_ms: 1,
    strategy_p95_ms: 2,
    total_p50_ms: 10.5,
    total_p95_ms: 20.25,
    accuracy_ci_low: 0.2077,
    accuracy_ci_high: 0.9385,
    evidence_recall_ci_low: 0.4385,
    evidence_recall_ci_high: 1,
    ...extra,
  };
}

describe('formatModelComparison', () => {
  it('is null for a single model', () => {
    expect(formatModelComparison([row('claude-haiku-4-5')])).toBeNull();
  });

  it('puts each model in its own column per strategy × budget, leaving --price-as estimates out', () => {
    const text = formatModelComparison([
      row('offline'),
      row('offline', { priced_as: 'claude-opus-4-5-20251101', cost_per_exchange_usd: 9 }),
      row('claude-haiku-4-5', { accuracy: 1, total_p50_ms: null, total_p95_ms: null }),
      row('offline', { budget_tokens: 8000 }),
    ])!;
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^strategy\s+embedder\s+budget\s+metric\s+offline\s+claude-haiku-4-5$/);
    expect(lines.slice(3, 7).map((l) => l.replace(/\s+/g, ' '))).toEqual(
      [
        'recency none 4000 $/exchange - $0.000123',
        'accuracy 66.7% 100.0%',
        'evidence 100.0% 100.0%',
        'p50/p95 ms 10.50/20.25 -/-',
      ].map((l, i) => (i === 0 ? l : ` ${l}`)),
    );
    // The 8000 budget has no Claude row: a dash, not a borrowed number.
    expect(lines[7].replace(/\s+/g, ' ')).toBe('recency none 8000 $/exchange - -');
    expect(text).not.toContain('$9');
  });
});

describe('formatSummaryTable priced-as column', () => {
  it('marks only --price-as rows as estimates, not a Claude model priced at its own prices', () => {
    const text = formatSummaryTable([
      row('claude-haiku-4-5'),
      row('offline', { priced_as: 'claude-opus-4-5-20251101' }),
    ]);
    expect(text).toMatch(/claude-haiku-4-5-20251001(?! \(est\.\))/);
    expect(text).toContain('claude-opus-4-5-20251101 (est.)');
  });
});
