import { describe, expect, it } from 'vitest';
import { compareSummaries, DEFAULT_THRESHOLDS } from '../../src/report/compare.js';
import { formatDiffMarkdown, formatDiffText } from '../../src/report/diff-table.js';
import { summaryRow } from '../helpers/run-fixture.js';

const t = DEFAULT_THRESHOLDS;
const two = () => [summaryRow(), summaryRow({ strategy: 'semantic', embedder: 'hash-384-v1', budget_tokens: 1000 })];

describe('compareSummaries', () => {
  it('identical summaries pass, timing differences included', () => {
    const current = two().map((r) => ({ ...r, total_p95_ms: Number(r.total_p95_ms) * 5 }));
    const c = compareSummaries(two(), current, t);
    expect(c.passed).toBe(true);
    expect(c.cells.map((x) => x.status)).toEqual(['pass', 'pass']);
  });

  it('a drop in recall or accuracy beyond the limit regresses that cell only', () => {
    const current = two();
    current[1] = { ...current[1], evidence_recall: 0.7 };
    const c = compareSummaries(two(), current, t);
    expect(c.passed).toBe(false);
    expect(c.cells[0].status).toBe('pass');
    expect(c.cells[1]).toMatchObject({ status: 'regressed', label: 'semantic · offline · budget 1000' });
    expect(c.cells[1].reasons[0]).toMatch(/evidence recall dropped 5\.0 pts \(limit 2\.0 pts\)/);
    // A drop of exactly the limit is allowed.
    expect(compareSummaries([summaryRow({ accuracy: 0.8 })], [summaryRow({ accuracy: 0.78 })], t).passed).toBe(true);
    expect(compareSummaries([summaryRow({ accuracy: 0.8 })], [summaryRow({ accuracy: 0.77 })], t).passed).toBe(false);
  });

  it('cost is compared relatively and fails closed when one side has none', () => {
    const base = [summaryRow({ priced_as: 'claude-haiku-4-5', cost_per_exchange_usd: 0.001 })];
    expect(
      compareSummaries(base, [summaryRow({ priced_as: 'claude-haiku-4-5', cost_per_exchange_usd: 0.00109 })], t).passed,
    ).toBe(true);
    const up = compareSummaries(
      base,
      [summaryRow({ priced_as: 'claude-haiku-4-5', cost_per_exchange_usd: 0.0012 })],
      t,
    );
    expect(up.cells[0].reasons).toEqual(['cost per exchange rose 20.0% (limit 10.0%)']);
    const gone = compareSummaries(
      base,
      [summaryRow({ priced_as: 'claude-haiku-4-5', cost_per_exchange_usd: null })],
      t,
    );
    expect(gone.cells[0].reasons).toEqual(['cost per exchange is empty in the current run']);
  });

  it('p95 is only checked when asked; leaks and errors may not grow', () => {
    const slow = [summaryRow({ total_p95_ms: 30 })];
    expect(compareSummaries([summaryRow()], slow, t).passed).toBe(true);
    expect(compareSummaries([summaryRow()], slow, { ...t, maxP95Increase: 0.5 }).cells[0].reasons[0]).toMatch(
      /total p95 latency rose 900\.0%/,
    );
    const leaky = compareSummaries([summaryRow({ leaks: 1 })], [summaryRow({ leaks: 2, errors: 1 })], t);
    expect(leaky.cells[0].reasons).toEqual([
      '1 more leaked probe(s) than the baseline (limit 0)',
      '1 more errored probe(s) than the baseline',
    ]);
    expect(compareSummaries([summaryRow({ leaks: 1 })], [summaryRow({ leaks: 1 })], t).passed).toBe(true);
  });

  it('missing cells, empty runs and changed embedder or judge fail closed', () => {
    const missing = compareSummaries(two(), [two()[0]], t);
    expect(missing.passed).toBe(false);
    expect(missing.cells[1]).toMatchObject({ status: 'missing-in-current', label: 'semantic · offline · budget 1000' });
    const extra = compareSummaries([two()[0]], two(), t);
    expect(extra.cells[1].status).toBe('missing-in-baseline');
    expect(extra.passed).toBe(false);
    const empty = compareSummaries(two(), [], t, { resultRows: 0 });
    expect(empty.problems).toEqual(['the current run has no cells', 'the current run has no result rows']);
    const other = compareSummaries([summaryRow()], [summaryRow({ embedder: 'minilm', judge: 'f1' })], t);
    expect(other.cells[0].status).toBe('mismatch');
    expect(other.cells[0].reasons).toEqual([
      'embedder differs: baseline none, current minilm',
      'judge differs: baseline contains, current f1',
    ]);
    expect(compareSummaries([summaryRow()], [summaryRow({ probes: 12 })], t).cells[0].reasons[0]).toMatch(
      /probe count differs/,
    );
    expect(compareSummaries([summaryRow(), summaryRow()], [summaryRow()], t).problems[0]).toMatch(
      /baseline lists cell recency · offline · budget 4000 more than once/,
    );
  });

  it('renders a table naming every cell and its status, as text and as Markdown', () => {
    const current = two();
    current[0] = { ...current[0], accuracy: 0.5 };
    const c = compareSummaries(two(), current, t);
    const text = formatDiffText(c);
    expect(text).toMatch(/recency · offline · budget 4000\s+REGRESSED\s+80\.0% → 50\.0% \(-30\.0\)/);
    expect(text).toMatch(/semantic · offline · budget 1000\s+ok/);
    expect(text).toContain('FAIL: 1 of 2 cell(s) failed');
    const md = formatDiffMarkdown(c, {
      baseline: 'b.csv',
      current: 'reports/x',
      models: ['model offline: offline reader proxy, not Claude'],
    });
    expect(md).toContain('## memeval check: ❌ fail');
    expect(md).toContain(
      '| recency · offline · budget 4000 | REGRESSED | 80.0% → 50.0% (-30.0) | [49.0, 94.3] → [49.0, 94.3] |',
    );
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .every((l) => l.split(/(?<!\\)\|/).length === 12),
    ).toBe(true);
  });
});
