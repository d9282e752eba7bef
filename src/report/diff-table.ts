import { textTable } from '../util/text-table.js';
import type { SummaryRow } from './columns.js';
import type { CellComparison, Comparison } from './compare.js';
import { interval } from './table.js';

const STATUS_TEXT: Record<CellComparison['status'], string> = {
  pass: 'ok',
  regressed: 'REGRESSED',
  mismatch: 'NOT COMPARABLE',
  'missing-in-current': 'MISSING (current)',
  'missing-in-baseline': 'MISSING (baseline)',
};

const HEADERS = [
  'cell',
  'status',
  'accuracy',
  'accuracy 95% CI',
  'evidence recall',
  'evidence 95% CI',
  '$/exchange',
  'p95 ms',
  'leaks',
  'why',
] as const;

type Side = SummaryRow | undefined;
const val = (r: Side, c: keyof SummaryRow): number | null =>
  r === undefined || r[c] === null || r[c] === '' ? null : Number(r[c]);

function rate(b: Side, c: Side, col: keyof SummaryRow): string {
  const x = val(b, col);
  const y = val(c, col);
  const f = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);
  const delta = x !== null && y !== null && x !== y ? ` (${y > x ? '+' : ''}${((y - x) * 100).toFixed(1)})` : '';
  return `${f(x)} → ${f(y)}${delta}`;
}

/**
 * Both sides' 95% intervals (`-` for a baseline written before the interval columns): two
 * intervals that overlap widely say the difference may be noise.
 */
function intervals(b: Side, c: Side, low: keyof SummaryRow, high: keyof SummaryRow): string {
  return `${interval(b?.[low], b?.[high])} → ${interval(c?.[low], c?.[high])}`;
}

function relative(b: Side, c: Side, col: keyof SummaryRow, f: (v: number) => string): string {
  const x = val(b, col);
  const y = val(c, col);
  const show = (v: number | null) => (v === null ? '-' : f(v));
  const delta =
    x !== null && y !== null && x !== y && x !== 0 ? ` (${y > x ? '+' : ''}${(((y - x) / x) * 100).toFixed(1)}%)` : '';
  return `${show(x)} → ${show(y)}${delta}`;
}

/** The comparison as rows of strings, one per cell; shared by the terminal and Markdown renderings. */
export function diffRows(comparison: Comparison): string[][] {
  return comparison.cells.map((cell) => {
    const b = 'baseline' in cell ? cell.baseline : undefined;
    const c = 'current' in cell ? cell.current : undefined;
    return [
      cell.label,
      STATUS_TEXT[cell.status],
      rate(b, c, 'accuracy'),
      intervals(b, c, 'accuracy_ci_low', 'accuracy_ci_high'),
      rate(b, c, 'evidence_recall'),
      intervals(b, c, 'evidence_recall_ci_low', 'evidence_recall_ci_high'),
      relative(b, c, 'cost_per_exchange_usd', (v) => `$${v.toFixed(6)}`),
      relative(b, c, 'total_p95_ms', (v) => v.toFixed(2)),
      `${val(b, 'leaks') ?? '-'} → ${val(c, 'leaks') ?? '-'}`,
      cell.reasons.join('; '),
    ];
  });
}

function verdict(comparison: Comparison): string {
  const failed = comparison.cells.filter((c) => c.status !== 'pass').length;
  if (comparison.passed) return `PASS: ${comparison.cells.length} cell(s) within limits`;
  return `FAIL: ${failed} of ${comparison.cells.length} cell(s) failed${comparison.problems.length > 0 ? `; ${comparison.problems.join('; ')}` : ''}`;
}

/** The diff table and verdict for a terminal. */
export function formatDiffText(comparison: Comparison): string {
  return `${textTable(HEADERS, diffRows(comparison))}\n\n${verdict(comparison)}`;
}

/** Escapes what would break a Markdown table cell or be read as markup. */
function mdCell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (ch) => (ch === '<' ? '&lt;' : '&gt;'))
    .replace(/\r?\n/g, ' ');
}

/** The diff table and verdict as GitHub-flavoured Markdown (for $GITHUB_STEP_SUMMARY). */
export function formatDiffMarkdown(
  comparison: Comparison,
  context: { baseline: string; current: string; models: string[] },
): string {
  const t = comparison.thresholds;
  const head = `| ${HEADERS.join(' | ')} |\n| ${HEADERS.map(() => '---').join(' | ')} |`;
  const body = diffRows(comparison).map((r) => `| ${r.map(mdCell).join(' | ')} |`);
  return [
    `## memeval check: ${comparison.passed ? '✅ pass' : '❌ fail'}`,
    '',
    `${mdCell(verdict(comparison))}`,
    '',
    `Baseline \`${mdCell(context.baseline)}\` · current run \`${mdCell(context.current)}\``,
    '',
    ...context.models.map((m) => `- ${mdCell(m)}`),
    '',
    head,
    ...body,
    '',
    `Limits: accuracy drop ≤ ${t.maxAccuracyDrop}, evidence recall drop ≤ ${t.maxRecallDrop}, cost increase ≤ ${t.maxCostIncrease * 100}%, ` +
      `p95 increase ${t.maxP95Increase === null ? 'not checked' : `≤ ${t.maxP95Increase * 100}%`}, added leaks ≤ ${t.maxLeaks}.`,
    '',
  ].join('\n');
}
