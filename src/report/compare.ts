import type { SummaryRow } from './columns.js';

/** Limits of `memeval check`. Drops are absolute (0.02 = two points), increases relative (0.10 = +10 %). */
export interface Thresholds {
  /** @default 0.02 */
  maxRecallDrop: number;
  /** @default 0.02 */
  maxAccuracyDrop: number;
  /** @default 0.10 */
  maxCostIncrease: number;
  /** Relative increase of total_p95_ms; null leaves latency unchecked (timing varies between machines). @default null */
  maxP95Increase: number | null;
  /** Leaked probes a cell may add over its baseline. @default 0 */
  maxLeaks: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  maxRecallDrop: 0.02,
  maxAccuracyDrop: 0.02,
  maxCostIncrease: 0.1,
  maxP95Increase: null,
  maxLeaks: 0,
};

/** The columns that name a cell of the comparison. */
export const CELL_KEY_COLUMNS = ['strategy', 'model', 'budget_tokens', 'priced_as'] as const;

/**
 * One cell compared. `pass` and `regressed` have both sides; a cell on one side only, or whose
 * embedder, judge or probe count differ, cannot be compared and fails closed.
 */
export type CellComparison =
  | { status: 'pass' | 'regressed'; label: string; baseline: SummaryRow; current: SummaryRow; reasons: string[] }
  | { status: 'mismatch'; label: string; baseline: SummaryRow; current: SummaryRow; reasons: string[] }
  | { status: 'missing-in-current'; label: string; baseline: SummaryRow; reasons: string[] }
  | { status: 'missing-in-baseline'; label: string; current: SummaryRow; reasons: string[] };

export interface Comparison {
  passed: boolean;
  cells: CellComparison[];
  /** Problems that concern the whole run rather than one cell (empty results). */
  problems: string[];
  thresholds: Thresholds;
}

/** `strategy · model · budget N [· priced as X]`, the name a cell goes by in tables and messages. */
export function cellLabel(r: SummaryRow): string {
  return [r.strategy, r.model, `budget ${r.budget_tokens}`, r.priced_as ? `priced as ${r.priced_as}` : null]
    .filter(Boolean)
    .join(' · ');
}

function cellKey(r: SummaryRow): string {
  return JSON.stringify(CELL_KEY_COLUMNS.map((c) => r[c] ?? null));
}

const num = (v: string | number | null): number | null => (v === null || v === '' ? null : Number(v));
const pts = (v: number) => `${(v * 100).toFixed(1)} pts`;

/** Absolute drop of a rate (accuracy, recall); null on both sides is fine, on one side fails closed. */
function checkDrop(name: string, base: number | null, cur: number | null, max: number): string | null {
  if (base === null && cur === null) return null;
  if (base === null || cur === null)
    return `${name} is ${cur === null ? 'empty in the current run' : 'empty in the baseline'}`;
  const drop = base - cur;
  // The epsilon keeps a drop of exactly the limit (0.7059 − 0.6859) from failing on float noise.
  return drop > max + 1e-9 ? `${name} dropped ${pts(drop)} (limit ${pts(max)})` : null;
}

/** Relative increase (cost, latency). From a baseline of 0 any increase counts as infinite. */
function checkIncrease(name: string, base: number | null, cur: number | null, max: number): string | null {
  if (base === null && cur === null) return null;
  if (base === null || cur === null)
    return `${name} is ${cur === null ? 'empty in the current run' : 'empty in the baseline'}`;
  if (cur <= base) return null;
  const rel = base === 0 ? Infinity : (cur - base) / base;
  return rel > max + 1e-9
    ? `${name} rose ${Number.isFinite(rel) ? `${(rel * 100).toFixed(1)}%` : 'from 0'} (limit ${(max * 100).toFixed(1)}%)`
    : null;
}

function compareCell(base: SummaryRow, cur: SummaryRow, t: Thresholds): CellComparison {
  const label = cellLabel(cur);
  const mismatches: string[] = [];
  for (const c of ['embedder', 'judge', 'model_provider'] as const) {
    if (base[c] !== cur[c]) mismatches.push(`${c} differs: baseline ${base[c]}, current ${cur[c]}`);
  }
  if (num(base.probes) !== num(cur.probes))
    mismatches.push(
      `probe count differs: baseline ${base.probes}, current ${cur.probes} (suite changed? bless a new baseline)`,
    );
  if (num(cur.probes) === 0) mismatches.push('no probes in the current run');
  if (mismatches.length > 0) return { status: 'mismatch', label, baseline: base, current: cur, reasons: mismatches };

  const reasons = [
    checkDrop('accuracy', num(base.accuracy), num(cur.accuracy), t.maxAccuracyDrop),
    checkDrop('evidence recall', num(base.evidence_recall), num(cur.evidence_recall), t.maxRecallDrop),
    checkIncrease(
      'cost per exchange',
      num(base.cost_per_exchange_usd),
      num(cur.cost_per_exchange_usd),
      t.maxCostIncrease,
    ),
    t.maxP95Increase === null
      ? null
      : checkIncrease('total p95 latency', num(base.total_p95_ms), num(cur.total_p95_ms), t.maxP95Increase),
  ].filter((r): r is string => r !== null);
  const addedLeaks = (num(cur.leaks) ?? 0) - (num(base.leaks) ?? 0);
  if (addedLeaks > t.maxLeaks)
    reasons.push(`${addedLeaks} more leaked probe(s) than the baseline (limit ${t.maxLeaks})`);
  const addedErrors = (num(cur.errors) ?? 0) - (num(base.errors) ?? 0);
  if (addedErrors > 0) reasons.push(`${addedErrors} more errored probe(s) than the baseline`);
  return { status: reasons.length > 0 ? 'regressed' : 'pass', label, baseline: base, current: cur, reasons };
}

/**
 * Compares a current summary with a baseline, cell by cell (strategy × model × budget ×
 * priced_as). Fails closed: a cell on one side only, an empty run or a cell that cannot be
 * compared counts as a failure, so a gate never passes by comparing nothing.
 */
export function compareSummaries(
  baseline: readonly SummaryRow[],
  current: readonly SummaryRow[],
  thresholds: Thresholds,
  options: { resultRows?: number } = {},
): Comparison {
  const problems: string[] = [];
  if (baseline.length === 0) problems.push('the baseline has no cells');
  if (current.length === 0) problems.push('the current run has no cells');
  if (options.resultRows === 0) problems.push('the current run has no result rows');
  for (const [side, rows] of [
    ['baseline', baseline],
    ['current run', current],
  ] as const) {
    const keys = rows.map(cellKey);
    const dup = rows.find((_, i) => keys.indexOf(keys[i]) !== i);
    if (dup) problems.push(`the ${side} lists cell ${cellLabel(dup)} more than once`);
  }
  const byKey = new Map(current.map((r) => [cellKey(r), r]));
  const seen = new Set<string>();
  const cells: CellComparison[] = [];
  for (const base of baseline) {
    const key = cellKey(base);
    seen.add(key);
    const cur = byKey.get(key);
    cells.push(
      cur
        ? compareCell(base, cur, thresholds)
        : {
            status: 'missing-in-current',
            label: cellLabel(base),
            baseline: base,
            reasons: ['cell is in the baseline but not in the current run'],
          },
    );
  }
  for (const cur of current) {
    if (!seen.has(cellKey(cur)))
      cells.push({
        status: 'missing-in-baseline',
        label: cellLabel(cur),
        current: cur,
        reasons: ['cell is not in the baseline (bless a new baseline to add it)'],
      });
  }
  const passed = problems.length === 0 && cells.every((c) => c.status === 'pass');
  return { passed, cells, problems, thresholds };
}
