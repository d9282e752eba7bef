import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_REPAIRS } from '../../src/datasets/locomo.js';
import { Scenario } from '../../src/scenario/schema.js';
import { loadAll } from './load.js';

/*
 * The real benchmark files live outside the repository (../shared/datasets, never copied in).
 * These tests run when that folder exists and check the statistics FORMAT.md documents; on a
 * machine without the data they do not run at all (runIf), which is not a skip-to-green: the
 * fixture tests beside this file cover every quirk on any machine.
 */
// ../shared/datasets from the repository; worktrees under /work/wt/<name> sit one level deeper.
const REPO = new URL('../../', import.meta.url).pathname;
const ROOT =
  [process.env.MEMEVAL_DATASETS, `${REPO}../shared/datasets`, `${REPO}../../shared/datasets`]
    .filter((d): d is string => Boolean(d))
    .map((d) => (d.endsWith('/') ? d : `${d}/`))
    .find((d) => existsSync(d)) ?? `${REPO}../shared/datasets/`;
const LOCOMO = `${ROOT}locomo/locomo10.json`;
const ORACLE = `${ROOT}longmemeval/longmemeval_oracle.json`;

describe.runIf(existsSync(LOCOMO))('full LoCoMo file (locomo/FORMAT.md statistics)', () => {
  it('1,986 questions, 272 sessions, 5,882 turns; 9 items with bad evidence, 3 left after repair', async () => {
    const { items, report } = await loadAll('locomo', LOCOMO);
    expect(report).toMatchObject({ items: 10, sessions: 272, turns: 5882, probes: 1986 });
    const perCategory: Record<string, number> = {};
    for (const p of items.flatMap((i) => i.probes)) perCategory[p.category] = (perCategory[p.category] ?? 0) + 1;
    expect(perCategory).toEqual({ 1: 282, 2: 321, 3: 96, 4: 841, 5: 446 });
    // 6 items repaired (4 split, 1 "D:x:y", 1 leading zero) + 3 unresolvable = the 9 of FORMAT.md.
    const repairedItems =
      report.repaired[EVIDENCE_REPAIRS.split] +
      report.repaired[EVIDENCE_REPAIRS.colon] +
      report.repaired[EVIDENCE_REPAIRS.zeros];
    expect(repairedItems).toBe(6);
    expect(report.unresolved.map((u) => `${u.scenarioId} ${u.evidence}`)).toEqual([
      'conv-42 D10:19',
      'conv-42 D',
      'conv-47 D4:36',
    ]);
    expect(report.skipped['LoCoMo session timestamps with no session (conv-26 has 16)']).toBe(16);
    expect(report.repaired['integer answer converted with String()']).toBe(6);
    for (const item of items) expect(Scenario.safeParse(item.scenario).success).toBe(true);
  });
});

describe.runIf(existsSync(ORACLE))('full LongMemEval oracle file (longmemeval/FORMAT.md statistics)', () => {
  it('500 questions, 30 abstention, 948 sessions, 10,960 turns, 896 evidence turns', async () => {
    const { items, report } = await loadAll('longmemeval', ORACLE);
    expect(report).toMatchObject({ items: 500, sessions: 948, turns: 10960, probes: 500 });
    const probes = items.flatMap((i) => i.probes);
    expect(probes.filter((p) => p.abstention)).toHaveLength(30);
    expect(probes.reduce((n, p) => n + p.evidenceTurnIds.length, 0)).toBe(896);
    const perType: Record<string, number> = {};
    for (const p of probes) perType[p.category] = (perType[p.category] ?? 0) + 1;
    expect(perType).toEqual({
      'single-session-user': 70,
      'single-session-assistant': 56,
      'single-session-preference': 30,
      'multi-session': 133,
      'temporal-reasoning': 133,
      'knowledge-update': 78,
    });
    expect(report.repaired).toEqual({
      'integer answer converted with String()': 32,
      // 466 of 500 instances are fully sorted; 43 ask before a same-day session.
      'LongMemEval instance whose sessions were out of time order: replayed sorted by timestamp': 34,
      'LongMemEval question_date earlier than a same-day session: asked 1 minute after the last session': 43,
    });
    for (const item of items) expect(Scenario.safeParse(item.scenario).success).toBe(true);
  });
});
