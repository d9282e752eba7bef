import { exactMcNemarP, minimumDetectableFlips } from '../metrics/mcnemar.js';
import type { ProbeRow, ResultRow } from './columns.js';
import type { CellComparison, Comparison } from './compare.js';
import { probeKey, probeRowsOf } from './probes.js';

/**
 * How `check` turns flipped probes into a verdict (`--fail-on`):
 * - `any-drop`: a cell fails when any probe that passed in the baseline fails now. Right for the
 *   offline reader and replayed Claude calls: they are deterministic, so every flip is a change.
 * - `significant`: the accuracy rule becomes the exact McNemar test on the paired probes (fails
 *   at p < 0.05 with more probes newly failing than newly passing), for live Claude runs whose
 *   answers vary between runs; the other limits (recall, cost, leaks, errors) still apply.
 */
export const FAIL_ON_RULES = ['any-drop', 'significant'] as const;
export type FailOn = (typeof FAIL_ON_RULES)[number];
export const DEFAULT_FAIL_ON: FailOn = 'any-drop';
/** The significance level of `--fail-on significant`. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** A probe whose verdict differs between the baseline and the current run. */
export interface ProbeFlip {
  scenarioId: string;
  probeId: string;
  question: string | null;
  expected: string | null;
  answerBefore: string | null;
  answerAfter: string | null;
}

/** One cell's paired probes: what flipped each way and the exact McNemar p-value. */
export interface CellProbeTest {
  cell: { strategy: string; model: string; budgetTokens: number };
  label: string;
  /** Probes present on both sides. */
  paired: number;
  newlyFailing: ProbeFlip[];
  newlyPassing: ProbeFlip[];
  pValue: number;
}

const cellOf = (r: Pick<ProbeRow, 'strategy' | 'model' | 'budget_tokens'>) =>
  JSON.stringify([r.strategy, r.model, r.budget_tokens]);

/** Pairs the baseline's probes with the current run's per cell; an errored probe counts as failing. */
export function compareProbes(baseline: readonly ProbeRow[], currentResults: readonly ResultRow[]): CellProbeTest[] {
  const before = new Map(baseline.map((r) => [probeKey(r), r]));
  const tests = new Map<string, CellProbeTest>();
  for (const now of probeRowsOf(currentResults)) {
    const was = before.get(probeKey(now));
    if (!was) continue;
    const key = cellOf(now);
    let t = tests.get(key);
    if (!t) {
      const cell = {
        strategy: String(now.strategy),
        model: String(now.model),
        budgetTokens: Number(now.budget_tokens),
      };
      t = {
        cell,
        label: `${cell.strategy} · ${cell.model} · budget ${cell.budgetTokens}`,
        paired: 0,
        newlyFailing: [],
        newlyPassing: [],
        pValue: 1,
      };
      tests.set(key, t);
    }
    t.paired++;
    const passedBefore = was.correct === true;
    const passesNow = now.correct === true;
    if (passedBefore === passesNow) continue;
    const flip: ProbeFlip = {
      scenarioId: String(now.scenario_id),
      probeId: String(now.probe_id),
      question: now.question as string | null,
      expected: now.expected as string | null,
      answerBefore: was.answer as string | null,
      answerAfter: now.answer as string | null,
    };
    (passedBefore ? t.newlyFailing : t.newlyPassing).push(flip);
  }
  for (const t of tests.values()) t.pValue = exactMcNemarP(t.newlyFailing.length, t.newlyPassing.length);
  return [...tests.values()];
}

/** Whether a cell's flips fail it under the rule, and why (null: they do not). */
export function probeGateReason(test: CellProbeTest, failOn: FailOn): string | null {
  const worse = test.newlyFailing.length;
  const better = test.newlyPassing.length;
  if (failOn === 'any-drop')
    return worse > 0 ? `${worse} probe(s) newly fail (--fail-on any-drop: the run is deterministic)` : null;
  return test.pValue < SIGNIFICANCE_LEVEL && worse > better
    ? `accuracy drop is significant: ${worse} newly failing vs ${better} newly passing, exact McNemar p = ${formatP(test.pValue)} < ${SIGNIFICANCE_LEVEL}`
    : null;
}

export function formatP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

const sameCell = (c: CellComparison, t: CellProbeTest) => {
  const row = 'current' in c ? c.current : c.baseline;
  return (
    row.strategy === t.cell.strategy && row.model === t.cell.model && Number(row.budget_tokens) === t.cell.budgetTokens
  );
};

/**
 * The comparison with the per-probe rule applied to every comparable cell. Under `significant`
 * the absolute accuracy limit gives way to the test (a 16-probe cell moves 6.25 points per probe,
 * so a fixed limit goes red on noise); every other reason stands.
 */
export function applyProbeGate(comparison: Comparison, tests: readonly CellProbeTest[], failOn: FailOn): Comparison {
  const cells = comparison.cells.map((c): CellComparison => {
    if (c.status !== 'pass' && c.status !== 'regressed') return c;
    const test = tests.find((t) => sameCell(c, t));
    if (!test) return c;
    const kept = failOn === 'significant' ? c.reasons.filter((r) => !r.startsWith('accuracy dropped')) : c.reasons;
    const extra = probeGateReason(test, failOn);
    const reasons = extra === null ? kept : [...kept, extra];
    return { ...c, status: reasons.length > 0 ? 'regressed' : 'pass', reasons };
  });
  const passed = comparison.problems.length === 0 && cells.every((c) => c.status === 'pass');
  return { ...comparison, cells, passed };
}

/** The flipped probes and each cell's test, for the terminal and the step summary. */
export function formatProbeTests(tests: readonly CellProbeTest[]): string {
  const lines: string[] = [];
  for (const t of tests) {
    const mde = minimumDetectableFlips(t.paired, SIGNIFICANCE_LEVEL);
    const detectable =
      mde === null
        ? 'no drop of this few probes can be significant'
        : `smallest significant drop ${mde} of ${t.paired} (${((mde / t.paired) * 100).toFixed(1)} pts)`;
    lines.push(
      `${t.label}: ${t.newlyFailing.length} newly failing, ${t.newlyPassing.length} newly passing of ${t.paired} paired probe(s); exact McNemar p = ${formatP(t.pValue)}${t.pValue < SIGNIFICANCE_LEVEL ? ' (significant at 0.05)' : ' (not significant at 0.05)'}; ${detectable}`,
    );
    for (const [what, flips] of [
      ['newly fails', t.newlyFailing],
      ['newly passes', t.newlyPassing],
    ] as const)
      for (const f of flips)
        lines.push(
          `  ${what}: ${f.scenarioId}/${f.probeId}: ${JSON.stringify(f.question)} expected ${JSON.stringify(f.expected)}; before ${JSON.stringify(f.answerBefore)}, after ${JSON.stringify(f.answerAfter)}`,
        );
  }
  return lines.join('\n');
}
