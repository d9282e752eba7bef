import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const FILE = 'scenarios/x.yaml';

/** A valid scenario; each case below edits one thing. */
const BASE = `id: x
description: d
users: [alice]
steps:
  - session:
      id: s1
      user: alice
      turns:
        - { id: t1, user: "My locker code is 4417.", assistant: Noted. }
  - probe:
      id: p1
      user: alice
      question: What is my locker code?
      expect: { any: ["4417"] }
      evidence: [t1]
`;

function problemsOf(text: string): string {
  try {
    parseScenarioText(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('SCENARIO_INVALID');
    return (err as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

const CASES: [string, string, string[]][] = [
  ['YAML syntax', 'id: x\nsteps: [a,\n  b: c: d\n', [`${FILE}:3:`, 'YAML syntax error']],
  [
    'duplicate YAML key',
    BASE.replace('description: d', 'description: d\ndescription: e'),
    [`${FILE}:`, 'YAML syntax error'],
  ],
  ['missing id', BASE.replace('id: x\n', ''), [`${FILE}: id: `]],
  ['unknown top-level key', `${BASE}colour: red\n`, [`${FILE}: unknown key "colour"`]],
  ['bad id characters', BASE.replace('id: x', 'id: "x y"'), [`${FILE}: id: ids use letters`]],
  ['empty users', BASE.replace('users: [alice]', 'users: []'), [`${FILE}: users: `]],
  [
    'unknown step kind',
    BASE.replace('  - probe:', '  - question:'),
    [`${FILE}: steps.1: a step must have exactly one of session, probe`],
  ],
  [
    'two expectations',
    BASE.replace('expect: { any: ["4417"] }', 'expect: { any: ["4417"], regex: "44" }'),
    [`${FILE}: steps.1.probe.expect: give exactly one of any, regex, abstain`],
  ],
  [
    'no expectation',
    BASE.replace('expect: { any: ["4417"] }', 'expect: {}'),
    [`${FILE}: steps.1.probe.expect: give exactly one of any, regex, abstain`],
  ],
  [
    'unknown turn key',
    BASE.replace('assistant: Noted.', 'assistant: Noted., colour: red'),
    [`${FILE}: steps.0.session.turns.0: unknown key "colour"`],
  ],
  [
    'empty user text',
    BASE.replace('user: "My locker code is 4417."', 'user: "  "'),
    [`${FILE}: steps.0.session.turns.0.user: must not be empty`],
  ],
  [
    'bad gap',
    BASE.replace('      user: alice\n      question', '      user: alice\n      after: 3 weeks\n      question'),
    [`${FILE}: steps.1.probe.after: expected a gap like 3w`],
  ],
  [
    'bad date',
    BASE.replace('      id: s1\n', '      id: s1\n      at: yesterday\n'),
    [`${FILE}: steps.0.session.at: expected an ISO date`],
  ],
  [
    'bad kind',
    BASE.replace('      question:', '      kind: gossip\n      question:'),
    [`${FILE}: steps.1.probe.kind: `],
  ],
  [
    'bad fault kind',
    BASE.replace('  - probe:', '  - fault: { kind: meteor }\n  - probe:'),
    [`${FILE}: steps.1.fault.kind: `],
  ],
  [
    'filler sessions not positive',
    BASE.replace('  - probe:', '  - filler: { user: alice, sessions: 0, turns: 2 }\n  - probe:'),
    [`${FILE}: steps.1.filler.sessions: `],
  ],
  [
    'bad strategy spec',
    `${BASE}expect: { passes: ["recency:scope"] }\n`,
    [`${FILE}: expect.passes.0: expected a strategy spec`],
  ],
  [
    'unlisted user',
    BASE.replace('      user: alice\n      question', '      user: bob\n      question'),
    [`${FILE}: steps.1.probe.user: user "bob" is not listed in users`],
  ],
  [
    'user listed twice',
    BASE.replace('users: [alice]', 'users: [alice, alice]'),
    [`${FILE}: users.1: user "alice" is listed twice`],
  ],
  [
    'duplicate turn id',
    BASE.replace('assistant: Noted. }', 'assistant: Noted. }\n        - { id: t1, user: again }'),
    [`${FILE}: steps.0.session.turns.1.id: turn id "t1" is already used`],
  ],
  [
    'assistant_id without reply',
    BASE.replace('assistant: Noted. }', 'assistant: Noted. }\n        - { user: hi, assistant_id: a1 }'),
    [`${FILE}: steps.0.session.turns.1.assistant_id: assistant_id needs an assistant reply`],
  ],
  [
    'duplicate session id',
    BASE.replace('  - probe:', '  - session: { id: s1, user: alice, turns: [{ user: hi }] }\n  - probe:'),
    [`${FILE}: steps.1.session.id: session id "s1" is already used`],
  ],
  [
    'duplicate probe id',
    `${BASE}  - probe: { id: p1, user: alice, question: again?, expect: { abstain: true } }\n`,
    [`${FILE}: steps.2.probe.id: probe id "p1" is already used`],
  ],
  [
    'missing evidence',
    BASE.replace('evidence: [t1]', 'evidence: [t9]'),
    [`${FILE}: steps.1.probe.evidence.0: no turn has id "t9"`],
  ],
  [
    'evidence defined later',
    `${BASE.replace('evidence: [t1]', 'evidence: [t2]')}  - session: { id: s2, user: alice, turns: [{ id: t2, user: later }] }\n`,
    [`${FILE}: steps.1.probe.evidence.0: turn "t2" is defined after this probe`],
  ],
  [
    'bad regex',
    BASE.replace('expect: { any: ["4417"] }', 'expect: { regex: "(44" }'),
    [`${FILE}: steps.1.probe.expect.regex: not a valid regular expression`],
  ],
  [
    'at and after together',
    BASE.replace('      id: s1\n', '      id: s1\n      at: 2024-02-01\n      after: 1d\n'),
    [`${FILE}: steps.0.session: give at most one of at, after`],
  ],
  [
    'time going backwards',
    BASE.replace('      id: s1\n', '      id: s1\n      at: 2023-05-01\n'),
    [`${FILE}: steps.0.session.at: 2023-05-01 is before the previous event`],
  ],
  [
    "probe in another user's session",
    BASE.replace('users: [alice]', 'users: [alice, bob]')
      .replace('      user: alice\n      question', '      user: bob\n      session: s1\n      question')
      .replace('evidence: [t1]', 'evidence: []'),
    [`${FILE}: steps.1.probe.session: session "s1" belongs to user "alice", not "bob"`],
  ],
  [
    'filler ids clash with a session',
    BASE.replace('      id: s1\n', '      id: filler-002\n').replace(
      '  - probe:',
      '  - filler: { user: alice, sessions: 3, turns: 1 }\n  - probe:',
    ),
    [`${FILE}: steps.1.filler.session_prefix: session id "filler-002" is already used`],
  ],
  [
    'abstain kind without abstain',
    BASE.replace('      question:', '      kind: abstain\n      question:'),
    [`${FILE}: steps.1.probe.expect: a probe of kind abstain expects abstain: true`],
  ],
  ['no probes', BASE.slice(0, BASE.indexOf('  - probe:')), [`${FILE}: steps: a scenario needs at least one probe`]],
  [
    'same spec passes and fails',
    `${BASE}expect: { passes: [recency], fails: [recency] }\n`,
    [`${FILE}: expect.fails.0: "recency" is also listed in passes`],
  ],
];

describe('bad scenario fields name the file and the path', () => {
  it('accepts the base scenario', () => {
    const { scenario } = parseScenarioText(BASE, FILE);
    expect(scenario.steps).toHaveLength(2);
  });

  it.each(CASES)('%s', (_name, text, expected) => {
    const message = problemsOf(text);
    for (const part of expected) expect(message).toContain(part);
  });

  it('lists every problem, one line each, with the line number', () => {
    const text = BASE.replace('users: [alice]', 'users: [alice, alice]').replace('evidence: [t1]', 'evidence: [t9]');
    const lines = problemsOf(text).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${FILE}: users.1: user "alice" is listed twice (line 3)`);
    expect(lines[1]).toMatch(/^scenarios\/x\.yaml: steps\.1\.probe\.evidence\.0: .* \(line 15\)$/);
  });
});
