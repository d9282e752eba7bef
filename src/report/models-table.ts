import { textTable } from '../util/text-table.js';
import type { SummaryRow } from './columns.js';
import { ms, ownPriced, pct, usd } from './table.js';

/** What the comparison shows for each model, one line each. */
const METRICS: { title: string; value: (r: SummaryRow) => string }[] = [
  { title: '$/exchange', value: (r) => usd(r.cost_per_exchange_usd) },
  { title: 'accuracy', value: (r) => pct(r.accuracy) },
  { title: 'evidence', value: (r) => pct(r.evidence_recall) },
  { title: 'p50/p95 ms', value: (r) => `${ms(r.total_p50_ms)}/${ms(r.total_p95_ms)}` },
];

/**
 * Models side by side: for each strategy × embedder × budget, cost per exchange, accuracy,
 * evidence recall and p50/p95 total latency with one column per model. Null when the run had
 * fewer than two models (the summary table already says it all). `--price-as` rows are left
 * out: they repeat a model's numbers at another model's prices.
 */
export function formatModelComparison(summary: readonly SummaryRow[]): string | null {
  const rows = summary.filter(ownPriced);
  const models = [...new Set(rows.map((r) => String(r.model)))];
  if (models.length < 2) return null;
  const groups = new Map<string, Map<string, SummaryRow>>();
  for (const r of rows) {
    const key = JSON.stringify([r.strategy, r.embedder, r.budget_tokens]);
    if (!groups.has(key)) groups.set(key, new Map());
    groups.get(key)!.set(String(r.model), r);
  }
  const lines: string[][] = [['strategy', 'embedder', 'budget', 'metric', ...models]];
  for (const [key, byModel] of groups) {
    const [strategy, embedder, budget] = JSON.parse(key) as [string, string, number];
    METRICS.forEach((m, i) => {
      const head = i === 0 ? [strategy, embedder, String(budget)] : ['', '', ''];
      lines.push([...head, m.title, ...models.map((id) => (byModel.has(id) ? m.value(byModel.get(id)!) : '-'))]);
    });
  }
  return [
    'models side by side (latency excludes replayed calls)',
    textTable(lines[0], lines.slice(1), { leftAligned: 4 }),
  ].join('\n');
}
