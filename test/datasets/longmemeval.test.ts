import { describe, expect, it } from 'vitest';
import { Scenario } from '../../src/scenario/schema.js';
import { FIXTURES, loadAll } from './load.js';

const FILE = `${FIXTURES}longmemeval-mini.json`;

describe('LongMemEval import', () => {
  it('maps each question to a valid scenario with its haystack and one probe', async () => {
    const { items, report } = await loadAll('longmemeval', FILE);
    expect(items.map((i) => i.scenario.id)).toEqual(['q1', 'q2_abs', 'q3']);
    for (const item of items) expect(Scenario.parse(item.scenario)).toEqual(item.scenario);
    expect(report).toMatchObject({ items: 3, sessions: 6, turns: 14, probes: 3 });
    expect(report.repaired).toEqual({
      'LongMemEval turn without has_answer (filler session): treated as false': 4,
      'integer answer converted with String()': 1,
      'LongMemEval instance whose sessions were out of time order: replayed sorted by timestamp': 1,
      'LongMemEval question_date earlier than a same-day session: asked 1 minute after the last session': 1,
    });
  });

  it('turn ids are <session>:<n>; has_answer turns are evidence; answer sessions kept', async () => {
    const { items } = await loadAll('longmemeval', FILE);
    const q1 = items[0];
    const probe = q1.scenario.steps.flatMap((s) => ('probe' in s ? [s.probe] : []))[0];
    expect(probe).toMatchObject({
      id: 'q1',
      kind: 'recall',
      category: 'single-session-user',
      evidence: ['answer_q1:1'],
      expect: { any: ['Rex'] },
      at: '2023-05-30T23:40:00.000Z',
    });
    expect(q1.probes[0].evidenceSessionIds).toEqual(['answer_q1']);
    expect(q1.corpus.map((t) => t.id)).toEqual([
      'sharegpt_abc_0:1',
      'sharegpt_abc_0:2',
      'answer_q1:1',
      'answer_q1:2',
      'answer_q1:3',
      'answer_q1:4',
    ]);
  });

  it('abstention by the _abs suffix', async () => {
    const { items } = await loadAll('longmemeval', FILE);
    const probe = items[1].scenario.steps.flatMap((s) => ('probe' in s ? [s.probe] : []))[0];
    expect(probe).toMatchObject({
      kind: 'abstain',
      category: 'multi-session',
      expect: { abstain: true },
      judge: 'abstain',
      evidence: [],
    });
    expect(items[1].probes[0].abstention).toBe(true);
  });

  it('out-of-order same-day sessions are replayed sorted; an early question_date is moved after them', async () => {
    const { items } = await loadAll('longmemeval', FILE);
    const q3 = items[2];
    const sessions = q3.scenario.steps.flatMap((s) => ('session' in s ? [s.session] : []));
    expect(sessions.map((s) => [s.id, s.at])).toEqual([
      ['answer_q3_2', '2023-06-01T09:00:00.000Z'],
      ['answer_q3_1', '2023-06-01T15:00:00.000Z'],
      ['ultrachat_77', '2023-06-02T12:00:00.000Z'],
    ]);
    // The session the assistant opens is a reply-only turn, and its has_answer makes it evidence.
    expect(sessions[0].turns[0]).toEqual({
      assistant: 'Welcome back! Your trip to Rome was on May 29.',
      assistant_id: 'answer_q3_2:1',
    });
    const probe = q3.scenario.steps.at(-1)!;
    expect('probe' in probe && probe.probe).toMatchObject({
      after: '1m',
      evidence: ['answer_q3_2:1', 'answer_q3_1:1'],
      expect: { any: ['3'] },
    });
    expect('probe' in probe && probe.probe.at).toBeUndefined();
  });
});
