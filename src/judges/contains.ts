import { containsNormalized } from './normalize.js';
import type { Judge } from './types.js';

/** Correct when the answer contains any expected string as whole words, after normalisation. */
export const containsJudge: Judge = {
  name: 'contains',
  accepts: (expect) => expect.any !== undefined,
  async judge({ answer, expect }) {
    const correct = (expect.any ?? []).some((e) => containsNormalized(answer, e));
    return { correct, score: correct ? 1 : 0 };
  },
};
