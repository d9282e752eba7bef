import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFillerSessions } from '../../src/scenario/filler.js';
import { BUILTIN_SCENARIO_DIR, loadScenarios } from '../../src/scenario/load.js';
import { PROBE_KINDS } from '../../src/scenario/schema.js';
import { estimateTokens } from '../../src/tokens.js';

const suite = loadScenarios([]);
const byId = new Map(suite.map((s) => [s.scenario.id, s.scenario]));

/** Rough size of a scenario's conversation, filler included, in estimated tokens. */
function conversationTokens(id: string): number {
  const s = byId.get(id)!;
  let tokens = 0;
  for (const step of s.steps) {
    if ('session' in step)
      for (const t of step.session.turns)
        tokens += estimateTokens(t.user ?? '') + (t.assistant ? estimateTokens(t.assistant) : 0);
    if ('filler' in step) {
      for (const f of generateFillerSessions(step.filler, step.filler.seed ?? s.seed))
        for (const t of f.turns) tokens += estimateTokens(t.user) + estimateTokens(t.assistant);
    }
  }
  return tokens;
}

describe('built-in scenario suite', () => {
  it('keeps each scenario in <id>.yaml, so --scenario <id> parses that one file and finds the same scenario', () => {
    for (const s of suite) {
      expect(basename(s.file)).toBe(`${s.scenario.id}.yaml`);
      expect(loadScenarios([s.scenario.id])).toEqual([s]);
    }
  });

  it('loads every file in scenarios/ (all valid), sorted by id', () => {
    const files = readdirSync(BUILTIN_SCENARIO_DIR).filter((f) => f.endsWith('.yaml'));
    expect(suite).toHaveLength(files.length);
    expect(suite.length).toBeGreaterThanOrEqual(14);
    const ids = suite.map((s) => s.scenario.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('names each file after its scenario id', () => {
    for (const s of suite) expect(s.file.endsWith(`/${s.scenario.id}.yaml`)).toBe(true);
  });

  it('says which strategies each scenario is designed to pass and to fail', () => {
    for (const s of suite) expect(s.scenario.expect?.passes.length, s.scenario.id).toBeGreaterThan(0);
  });

  it('covers the situations the suite promises', () => {
    const steps = suite.flatMap((s) => s.scenario.steps);
    const probes = steps.flatMap((st) => ('probe' in st ? [st.probe] : []));
    for (const kind of [
      'recall',
      'update',
      'temporal',
      'abstain',
      'isolation',
      'profile',
      'assistant',
      'degradation',
    ] as const) {
      expect(PROBE_KINDS).toContain(kind);
      expect(
        probes.some((p) => p.kind === kind),
        kind,
      ).toBe(true);
    }
    expect(steps.some((st) => 'restart' in st)).toBe(true);
    expect(steps.some((st) => 'fault' in st)).toBe(true);
    expect(steps.some((st) => 'profile' in st)).toBe(true);
    expect(probes.some((p) => p.forbidden.length > 0)).toBe(true);
  });

  it('six-weeks-later has at least 50 sessions spanning six weeks between fact and question', () => {
    const filler = byId.get('six-weeks-later')!.steps.find((st) => 'filler' in st);
    expect(filler && 'filler' in filler && filler.filler.sessions).toBeGreaterThanOrEqual(50);
  });

  it('the budget scenarios really exceed their budgets', () => {
    expect(conversationTokens('early-fact-budget')).toBeGreaterThan(4000);
    expect(conversationTokens('summary-compaction')).toBeGreaterThan(8000);
    const oversized = byId.get('oversized-message')!.steps.flatMap((st) => ('session' in st ? st.session.turns : []));
    expect(Math.max(...oversized.map((t) => estimateTokens(t.user ?? '')))).toBeGreaterThan(4000);
  });

  it('generated filler never contains an expected answer, so only the planted fact can answer', () => {
    for (const { scenario } of suite) {
      const filler = scenario.steps
        .flatMap((st) => ('filler' in st ? generateFillerSessions(st.filler, st.filler.seed ?? scenario.seed) : []))
        .flatMap((f) => f.turns.flatMap((t) => [t.user, t.assistant]))
        .join('\n')
        .toLowerCase();
      if (!filler) continue;
      for (const st of scenario.steps) {
        if ('probe' in st)
          for (const answer of st.probe.expect.any ?? [])
            expect(filler, `${scenario.id}: ${answer}`).not.toContain(answer.toLowerCase());
      }
    }
  });

  it('two-users-isolation involves two users in one scenario', () =>
    expect(byId.get('two-users-isolation')!.users).toHaveLength(2));
});

describe('loadScenarios resolves specs', () => {
  it('by id, by id glob, by file and by directory, de-duplicated', () => {
    expect(loadScenarios(['temporal']).map((s) => s.scenario.id)).toEqual(['temporal']);
    expect(loadScenarios(['s*']).map((s) => s.scenario.id)).toEqual([
      'same-session-recall',
      'six-weeks-later',
      'summary-compaction',
    ]);
    const file = `${BUILTIN_SCENARIO_DIR}abstention.yaml`;
    expect(loadScenarios([file, 'abstention']).map((s) => s.scenario.id)).toEqual(['abstention']);
    expect(loadScenarios([BUILTIN_SCENARIO_DIR])).toHaveLength(suite.length);
    expect(loadScenarios([`${BUILTIN_SCENARIO_DIR}t*.yaml`]).map((s) => s.scenario.id)).toEqual([
      'temporal',
      'two-users-isolation',
    ]);
  });

  it('filters by tag', () => {
    const tagged = loadScenarios([], { tags: ['isolation'] });
    expect(tagged.map((s) => s.scenario.id)).toEqual(['two-users-isolation']);
  });

  it('rejects what matches nothing, naming it', () => {
    expect(() => loadScenarios(['no-such-scenario'])).toThrow(/no-such-scenario.*built-in ids: abstention/);
    expect(() => loadScenarios(['zz*'])).toThrow(/zz\*: matches no built-in scenario ids/);
    expect(() => loadScenarios([], { tags: ['nope'] })).toThrow(/tags nope/);
  });
});
