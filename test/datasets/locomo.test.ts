import { describe, expect, it } from 'vitest';
import { parseLocomoDate, repairEvidence } from '../../src/datasets/locomo.js';
import { Scenario } from '../../src/scenario/schema.js';
import { FIXTURES, loadAll } from './load.js';

const FILE = `${FIXTURES}locomo-mini.json`;

describe('LoCoMo import', () => {
  it('maps each conversation to a valid scenario keyed by sample_id, sessions sorted numerically', async () => {
    const { items } = await loadAll('locomo', FILE);
    expect(items.map((i) => i.scenario.id)).toEqual(['conv-1', 'conv-2']);
    // Both conversations have an "Ann": users are the sample ids, never the speaker names.
    expect(items.map((i) => i.scenario.users)).toEqual([['conv-1'], ['conv-2']]);
    for (const item of items) expect(Scenario.parse(item.scenario)).toEqual(item.scenario);
    const sessions = items[0].scenario.steps.flatMap((s) => ('session' in s ? [s.session] : []));
    // session_10 after session_2 (numeric, not string order); the dangling 11 and 12 are not sessions.
    expect(sessions.map((s) => [s.id, s.at])).toEqual([
      ['session_1', '2023-05-08T13:56:00.000Z'],
      ['session_2', '2023-06-27T10:37:00.000Z'],
      ['session_10', '2023-09-13T00:09:00.000Z'],
    ]);
  });

  it('speaker_a is the user, speaker_b the assistant; names prefixed; image captions appended', async () => {
    const { items } = await loadAll('locomo', FILE);
    const [s1, s2] = items[0].scenario.steps.flatMap((s) => ('session' in s ? [s.session] : []));
    expect(s1.turns).toEqual([
      {
        id: 'D1:1',
        user: 'Ann: I adopted a dog named Rex.',
        assistant: 'Ben: Nice! Look at mine. [shares a photo of a dog on a wall]',
        assistant_id: 'D1:2',
      },
      { id: 'D1:3', user: 'Ann: We went hiking at Lake Tahoe.' },
    ]);
    // Session 2 is opened by Ben (speaker_b): a reply-only turn, nothing invented.
    expect(s2.turns[0]).toEqual({ assistant: 'Ben: I started painting in 2022.', assistant_id: 'D2:1' });
    expect(items[0].corpus.map((t) => `${t.id}/${t.role}`)).toEqual([
      'D1:1/user',
      'D1:2/assistant',
      'D1:3/user',
      'D2:1/assistant',
      'D2:2/user',
      'D2:3/assistant',
      'D10:1/user',
      'D10:2/assistant',
    ]);
  });

  it('questions become probes with official categories, repaired evidence and string answers', async () => {
    const { items, report } = await loadAll('locomo', FILE);
    const probes = items[0].scenario.steps.flatMap((s) => ('probe' in s ? [s.probe] : []));
    const byId = Object.fromEntries(probes.map((p) => [p.id, p]));
    expect(byId.q1).toMatchObject({
      kind: 'multi-hop',
      category: 1,
      evidence: ['D1:3', 'D10:1'],
      expect: { any: ['Lake Tahoe, Denver'] },
      judge: 'f1',
    });
    expect(byId.q2).toMatchObject({ kind: 'temporal', category: 2, expect: { any: ['2022'] } });
    expect(byId.q3).toMatchObject({ kind: 'recall', category: 3, evidence: ['D1:1'], expect: { any: ['Yes'] } });
    expect(byId.q4).toMatchObject({ kind: 'recall', category: 4, evidence: ['D1:1'] });
    expect(byId.q6).toMatchObject({ kind: 'abstain', category: 5, expect: { abstain: true }, judge: 'abstain' });
    expect(byId.q8.evidence).toEqual(['D1:3', 'D2:1']);
    // Asked a day after the last session.
    expect(byId.q1.at).toBe('2023-09-14T00:09:00.000Z');
    const meta = Object.fromEntries(items[0].probes.map((p) => [p.probeId, p]));
    expect(meta.q5).toMatchObject({
      evidenceTurnIds: ['D2:3'],
      unresolvedEvidence: ['D'],
      evidenceSessionIds: ['session_2'],
    });
    expect(meta.q1.evidenceSessionIds).toEqual(['session_1', 'session_10']);
    expect(report).toMatchObject({ items: 2, sessions: 4, turns: 10, probes: 10 });
    expect(report.unresolved).toEqual([
      { scenarioId: 'conv-1', probeId: 'q5', evidence: 'D' },
      { scenarioId: 'conv-1', probeId: 'q9', evidence: 'D9:9' },
    ]);
    expect(report.repaired).toEqual({
      'LoCoMo image turn: caption appended as " [shares <blip_caption>]"': 2,
      'integer answer converted with String()': 1,
      'evidence string held several ids (split on ";" or whitespace)': 2,
      'evidence "D:x:y" read as "Dx:y"': 1,
      'evidence leading zeros stripped ("D30:05" → "D30:5")': 1,
    });
    expect(report.skipped).toEqual({
      'LoCoMo session timestamps with no session (conv-26 has 16)': 2,
      'LoCoMo question with empty evidence (scored as recall 1, as the official code does)': 1,
    });
  });

  it('repairs evidence ids as FORMAT.md documents', () => {
    const known = new Set(['D8:6', 'D9:17', 'D11:26', 'D30:5', 'D9:1', 'D4:4']);
    expect(repairEvidence('D8:6; D9:17', known).ids).toEqual(['D8:6', 'D9:17']);
    expect(repairEvidence('D:11:26', known).ids).toEqual(['D11:26']);
    expect(repairEvidence('D30:05', known).ids).toEqual(['D30:5']);
    expect(repairEvidence('D9:1 D4:4', known).ids).toEqual(['D9:1', 'D4:4']);
    expect(repairEvidence('D', known)).toEqual({ ids: [], unresolved: ['D'], repairs: [] });
    expect(repairEvidence('D10:19', known).unresolved).toEqual(['D10:19']);
  });

  it('parses the documented date format, midnight as 12:xx am', () => {
    expect(parseLocomoDate('12:09 am on 13 September, 2023')).toBe(Date.UTC(2023, 8, 13, 0, 9));
    expect(parseLocomoDate('12:30 pm on 1 May, 2023')).toBe(Date.UTC(2023, 4, 1, 12, 30));
    expect(parseLocomoDate('13:00 pm on 1 May, 2023')).toBeNull();
    expect(parseLocomoDate('1:00 pm on 1 Mai, 2023')).toBeNull();
  });
});
