import type { Judge } from './types.js';

/** Correct when the answer matches the expected regular expression, case-insensitively. */
export const regexJudge: Judge = {
  name: 'regex',
  accepts: (expect) => expect.regex !== undefined,
  async judge({ answer, expect }) {
    const correct = new RegExp(expect.regex ?? '(?!)', 'i').test(answer);
    return { correct, score: correct ? 1 : 0 };
  },
};
