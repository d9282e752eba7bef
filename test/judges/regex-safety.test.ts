import { describe, expect, it } from 'vitest';
import { regexJudge } from '../../src/judges/regex.js';
import { MAX_REGEX_CHARS, regexBacktrackingProblem } from '../../src/util/regex-safety.js';

describe('judge regexes that backtrack catastrophically are refused at validation', () => {
  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(a*)*b', /nested quantifiers/],
    ['(?:x+)+y', /nested quantifiers/],
    ['(?<n>a+)+', /nested quantifiers/],
    ['(\\d+){2,}', /nested quantifiers/],
    ['(\\w+\\s?){3}x', /nested quantifiers/],
    ['(a|aa)*c', /holds alternatives/],
    ['(x|y)+$', /holds alternatives/],
    ['((ab)*c)+', /nested quantifiers/],
    ['.*a.*b.*c', /at most 2 unbounded repeats/],
    ['a{2,}b{3,}c+', /at most 2 unbounded repeats/],
    ['x'.repeat(MAX_REGEX_CHARS + 1), /at most 1000 characters/],
  ])('%s is refused', (source, message) => {
    expect(regexBacktrackingProblem(source)).toMatch(message);
  });

  it.each([
    'mart[ae]',
    'lisbon|porto',
    'colou?r',
    '(cat|dog)s?',
    '(ab)+',
    '(?:ab)+',
    '\\d+ days? ago',
    '(\\d{1,3}\\.){3}\\d{1,3}',
    '\\(a+\\)+',
    '[(a+)+]',
    '(?=a)b',
    '(a?){5}',
    '(?<y>\\d{4})-(?<m>\\d\\d)',
    'i (?:do not|don.t) know',
    '^\\$\\d+(\\.\\d\\d)?$',
  ])('%s is accepted', (source) => {
    expect(regexBacktrackingProblem(source)).toBeNull();
    expect(() => new RegExp(source)).not.toThrow();
  });

  it('the judge tests at most MAX_JUDGED_CHARS of an answer', async () => {
    const long = `${'x'.repeat(30_000)} Lisbon`;
    expect(
      (await regexJudge.judge({ question: 'q', answer: long, expect: { regex: 'lisbon' } } as never)).correct,
    ).toBe(false);
    expect(
      (await regexJudge.judge({ question: 'q', answer: 'I live in Lisbon', expect: { regex: 'lisbon' } } as never))
        .correct,
    ).toBe(true);
  });
});
