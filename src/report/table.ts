import type { SummaryRow } from './columns.js';

const COLUMNS: { title: string; value: (r: SummaryRow) => string }[] = [
  { title: 'strategy', value: (r) => String(r.strategy) },
  { title: 'embedder', value: (r) => String(r.embedder) },
  { title: 'model', value: (r) => String(r.model) },
  { title: 'budget', value: (r) => String(r.budget_tokens) },
  { title: 'priced as', value: (r) => (r.priced_as ? `${r.priced_as} (est.)` : '-') },
  { title: 'probes', value: (r) => String(r.probes) },
  { title: 'accuracy', value: (r) => pct(r.accuracy) },
  { title: 'evidence', value: (r) => pct(r.evidence_recall) },
  { title: 'leaks', value: (r) => String(r.leaks) },
  { title: 'errors', value: (r) => String(r.errors) },
  { title: 'in tok', value: (r) => (r.mean_input_tokens === null ? '-' : String(Math.round(Number(r.mean_input_tokens)))) },
  { title: '$/exchange', value: (r) => (r.cost_per_exchange_usd === null ? '-' : `$${Number(r.cost_per_exchange_usd).toFixed(6)}`) },
  { title: 'p50 ms', value: (r) => ms(r.total_p50_ms) },
  { title: 'p95 ms', value: (r) => ms(r.total_p95_ms) },
];

/** The identifying columns (strategy … priced as) read left-aligned, the numbers right-aligned. */
const LEFT_ALIGNED = 5;

function pct(v: string | number | null): string {
  return v === null ? '-' : `${(Number(v) * 100).toFixed(1)}%`;
}

function ms(v: string | number | null): string {
  return v === null ? '-' : Number(v).toFixed(2);
}

/** The summary as an aligned plain-text table for the terminal. */
export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  const cells = [COLUMNS.map((c) => c.title), ...rows.map((r) => COLUMNS.map((c) => c.value(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((v, i) => (i < LEFT_ALIGNED ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
