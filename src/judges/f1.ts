import { tokenF1 } from '../metrics/f1.js';
import type { Judge } from './types.js';

/** An answer whose best token F1 reaches this counts as correct. */
export const F1_CORRECT_THRESHOLD = 0.5;

/**
 * Token F1 with LoCoMo's normalisation and NLTK's Porter stemmer (src/metrics/f1.ts), against
 * the best-matching expected string; correct at F1 ≥ 0.5, the score column keeps the F1 itself.
 */
export const f1Judge: Judge = {
  name: 'f1',
  accepts: (expect) => expect.any !== undefined,
  async judge({ answer, expect }) {
    const score = Math.max(0, ...(expect.any ?? []).map((e) => tokenF1(answer, e)));
    return { correct: score >= F1_CORRECT_THRESHOLD, score };
  },
};
