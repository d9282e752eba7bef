import type { MetricRow } from '../metrics/dataset-scores.js';
import { findPrice } from '../models/pricing.js';
import { textTable } from '../util/text-table.js';
import type { SummaryRow } from './columns.js';

/** A row priced at its own model's prices (or unpriced), not a `--price-as` estimate. */
export function ownPriced(r: SummaryRow): boolean {
  return r.priced_as === null || r.priced_as === findPrice(String(r.model))?.id;
}

const COLUMNS: { title: string; value: (r: SummaryRow) => string }[] = [
  { title: 'strategy', value: (r) => String(r.strategy) },
  { title: 'embedder', value: (r) => String(r.embedder) },
  { title: 'model', value: (r) => String(r.model) },
  { title: 'budget', value: (r) => String(r.budget_tokens) },
  {
    title: 'priced as',
    value: (r) => (r.priced_as === null ? '-' : ownPriced(r) ? String(r.priced_as) : `${r.priced_as} (est.)`),
  },
  { title: 'probes', value: (r) => String(r.probes) },
  { title: 'accuracy', value: (r) => pct(r.accuracy) },
  { title: 'acc. 95% CI', value: (r) => interval(r.accuracy_ci_low, r.accuracy_ci_high) },
  { title: 'evidence', value: (r) => pct(r.evidence_recall) },
  { title: 'ev. 95% CI', value: (r) => interval(r.evidence_recall_ci_low, r.evidence_recall_ci_high) },
  { title: 'leaks', value: (r) => String(r.leaks) },
  { title: 'errors', value: (r) => String(r.errors) },
  {
    title: 'in tok',
    value: (r) => (r.mean_input_tokens === null ? '-' : String(Math.round(Number(r.mean_input_tokens)))),
  },
  { title: '$/exchange', value: (r) => usd(r.cost_per_exchange_usd) },
  { title: 'p50 ms', value: (r) => ms(r.total_p50_ms) },
  { title: 'p95 ms', value: (r) => ms(r.total_p95_ms) },
];

/** The summariser's dollars per exchange, placed right after the chatbot's. */
const SUMMARISER_COLUMN = { title: 'summ. $/exch', value: (r: SummaryRow) => usd(r.summary_cost_per_exchange_usd) };
const SUMMARISER_AFTER = COLUMNS.findIndex((c) => c.title === '$/exchange');

/** The identifying columns (strategy … priced as) read left-aligned, the numbers right-aligned. */
const LEFT_ALIGNED = 5;

/** A 0..1 share as a percentage; `-` when empty. */
export function pct(v: string | number | null): string {
  return v === null ? '-' : `${(Number(v) * 100).toFixed(1)}%`;
}

/**
 * A 95% interval of a 0..1 share in percent, `[44.4, 85.8]`; `-` when either end is empty (no
 * probes to estimate from, or a baseline written before the interval columns).
 */
export function interval(low: string | number | null | undefined, high: string | number | null | undefined): string {
  if (low === null || low === undefined || high === null || high === undefined) return '-';
  return `[${(Number(low) * 100).toFixed(1)}, ${(Number(high) * 100).toFixed(1)}]`;
}

/** Milliseconds with two decimals; `-` when empty (e.g. every reply was replayed). */
export function ms(v: string | number | null): string {
  return v === null ? '-' : Number(v).toFixed(2);
}

/** Dollars with six decimals (a cent is far too coarse per exchange); `-` when unpriced. */
export function usd(v: string | number | null): string {
  return v === null ? '-' : `$${Number(v).toFixed(6)}`;
}

/** The summary as an aligned plain-text table for the terminal. */
export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  // A paid summariser's cost shows beside the chatbot's; runs without one keep the usual width.
  const paidSummaries = rows.some((r) => Number(r.summary_cost_per_exchange_usd ?? 0) > 0);
  const columns = paidSummaries
    ? [...COLUMNS.slice(0, SUMMARISER_AFTER + 1), SUMMARISER_COLUMN, ...COLUMNS.slice(SUMMARISER_AFTER + 1)]
    : COLUMNS;
  return textTable(
    columns.map((c) => c.title),
    rows.map((r) => columns.map((c) => c.value(r))),
    { leftAligned: LEFT_ALIGNED },
  );
}

/** Headline metrics shown in the terminal per dataset (metrics.csv has them all, per category). */
const HEADLINE: Record<string, RegExp> = {
  locomo: /^(evidence_recall@\d+|evidence_recall_context|locomo_f1|accuracy)$/,
  longmemeval: /^(session\.recall_all@\d+|turn\.recall_all@\d+|accuracy)$/,
};

/** Benchmark metrics over all questions (the `all` group), one line per dataset × cell. */
export function formatMetricsTable(rows: readonly MetricRow[]): string {
  const tables: string[] = [];
  for (const dataset of [...new Set(rows.map((r) => r.dataset))]) {
    const mine = rows.filter(
      (r) => r.dataset === dataset && r.group === 'all' && (HEADLINE[dataset]?.test(r.metric) ?? true),
    );
    const metrics = [...new Set(mine.map((r) => r.metric))];
    const cellKeys = [...new Set(mine.map((r) => `${r.strategy}\u0000${r.model}\u0000${r.budget_tokens}`))];
    const head = [dataset, 'model', 'budget', 'n', ...metrics];
    const body = cellKeys.map((key) => {
      const [strategy, model, budget] = key.split('\u0000');
      const of = mine.filter((r) => `${r.strategy}\u0000${r.model}\u0000${r.budget_tokens}` === key);
      // Retrieval and answer metrics may average different question sets (LongMemEval abstention).
      const n = Math.min(...of.map((r) => r.questions));
      return [
        strategy,
        model,
        budget,
        String(n),
        ...metrics.map((m) => {
          const r = of.find((x) => x.metric === m);
          return r ? r.value.toFixed(3) : '-';
        }),
      ];
    });
    tables.push(textTable(head, body, { leftAligned: 3 }));
  }
  return tables.join('\n\n');
}
