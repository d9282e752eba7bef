import type { Judge } from './types.js';

/**
 * The longest answer a regex is tested against: 5× a reply of the default 1024 output tokens, so
 * the backtracking regex-safety.ts allows stays bounded. Longer answers are judged on their start.
 */
export const MAX_JUDGED_CHARS = 20_000;

/** Correct when the answer matches the expected regular expression, case-insensitively. */
export const regexJudge: Judge = {
  name: 'regex',
  accepts: (expect) => expect.regex !== undefined,
  async judge({ answer, expect }) {
    const correct = new RegExp(expect.regex ?? '(?!)', 'i').test(answer.slice(0, MAX_JUDGED_CHARS));
    return { correct, score: correct ? 1 : 0 };
  },
};
