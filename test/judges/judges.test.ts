import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { isAbstention } from '../../src/judges/abstain.js';
import { impliedJudge, JUDGES, judgeForProbe, resolveJudge } from '../../src/judges/index.js';
import { containsNormalized, normalizeText } from '../../src/judges/normalize.js';

const judge = (name: keyof typeof JUDGES, answer: string, expect: object) =>
  JUDGES[name].judge({ question: 'q', answer, expect });

describe('contains judge', () => {
  it('ignores case, punctuation and spacing', async () => {
    expect((await judge('contains', 'You live in LISBON.', { any: ['lisbon'] })).correct).toBe(true);
    expect((await judge('contains', 'It is  New-York,   I think', { any: ['new york'] })).correct).toBe(true);
    expect((await judge('contains', "It's 3,000 dollars", { any: ['3000'] })).correct).toBe(true);
  });

  it('matches from the start of a word (endings may differ), whole numbers only, any of several strings', async () => {
    expect((await judge('contains', "I'm allergic to hazelnuts.", { any: ['hazelnut'] })).correct).toBe(true);
    expect((await judge('contains', 'about 13 cats', { any: ['3'] })).correct).toBe(false);
    expect((await judge('contains', 'bay 1180', { any: ['118'] })).correct).toBe(false);
    expect((await judge('contains', 'bay 118, level 3', { any: ['118'] })).correct).toBe(true);
    expect((await judge('contains', 'the scat singer', { any: ['cat'] })).correct).toBe(false);
    const v = await judge('contains', 'It was Porto.', { any: ['Lisbon', 'Porto'] });
    expect(v).toEqual({ correct: true, score: 1 });
  });

  it('normalizes the way it documents', () => {
    expect(normalizeText("  Don't  STOP—me, now! ")).toBe('dont stop me now');
    expect(containsNormalized('anything', '  ')).toBe(false);
  });
});

describe('regex judge', () => {
  it('is case-insensitive', async () => {
    expect((await judge('regex', 'Her name is MARTA', { regex: 'mart[ae]' })).correct).toBe(true);
    expect((await judge('regex', 'Her name is Maria', { regex: '^mart[ae]$' })).correct).toBe(false);
  });
});

describe('f1 judge (LoCoMo normalisation)', () => {
  it('takes the best expected string and is correct from 0.5', async () => {
    const v = await judge('f1', 'in Paris France', { any: ['Lyon', 'Paris'] });
    expect(v.score).toBeCloseTo(0.5, 10);
    expect(v.correct).toBe(true);
    expect((await judge('f1', 'I live near the old harbour in Lisbon', { any: ['Lisbon'] })).correct).toBe(false);
  });
});

describe('abstain judge', () => {
  it.each([
    "I don't know.",
    'I do not recall you telling me that.',
    "That wasn't mentioned.",
    'It was not mentioned in our conversations.',
    'I have no information about your pet.',
    "You haven't told me.",
    "I'm not sure.",
    "I can't say from what I have.",
    "I don't have any information on that.",
  ])('recognises %j', (answer) => {
    expect(isAbstention(answer)).toBe(true);
  });

  it.each(['Your parrot is called Kiwi.', 'You know Marta.', 'I have a note that you like tea.'])(
    'does not count %j',
    (answer) => {
      expect(isAbstention(answer)).toBe(false);
    },
  );
});

describe('judge registry', () => {
  it('resolves built-ins and rejects unknown names with the list of known ones', () => {
    expect(resolveJudge('f1')).toBe(JUDGES.f1);
    for (const name of ['bogus', 'claude:claude-haiku-4-5']) {
      const err = (() => {
        try {
          resolveJudge(name);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(MemevalError);
      expect((err as MemevalError).code).toBe('UNKNOWN_NAME');
      expect((err as Error).message).toContain('contains');
    }
  });

  it('implies a judge from the expectation and lets the run judge win only where it can judge', () => {
    expect(impliedJudge({ any: ['x'] }).name).toBe('contains');
    expect(impliedJudge({ regex: 'x' }).name).toBe('regex');
    expect(impliedJudge({ abstain: true }).name).toBe('abstain');
    expect(judgeForProbe({ any: ['x'] }, undefined, JUDGES.f1).name).toBe('f1');
    expect(judgeForProbe({ abstain: true }, undefined, JUDGES.f1).name).toBe('abstain');
    expect(judgeForProbe({ any: ['x'] }, JUDGES.f1, undefined).name).toBe('f1');
  });
});
