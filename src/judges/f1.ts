import { porterStem } from '../util/porter.js';
import type { Judge } from './types.js';

/** An answer whose best token F1 reaches this counts as correct. */
export const F1_CORRECT_THRESHOLD = 0.5;

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * LoCoMo's answer normalisation: drop commas, lower-case, strip ASCII punctuation, drop the
 * articles a/an/the and "and", collapse whitespace; then Porter-stem each token.
 */
export function f1Tokens(text: string): string[] {
  const normalized = text
    .replace(/,/g, '')
    .toLowerCase()
    .replace(PUNCTUATION, '')
    .replace(/\b(a|an|the|and)\b/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '');
  return normalized.map(porterStem);
}

/** Token-level F1 between a prediction and one reference (bag of tokens, counted with multiplicity). */
export function tokenF1(prediction: string, reference: string): number {
  const p = f1Tokens(prediction);
  const r = f1Tokens(reference);
  if (p.length === 0 || r.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / r.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Token F1 against the best-matching expected string; correct at F1 ≥ 0.5. */
export const f1Judge: Judge = {
  name: 'f1',
  accepts: (expect) => expect.any !== undefined,
  async judge({ answer, expect }) {
    const score = Math.max(0, ...(expect.any ?? []).map((e) => tokenF1(answer, e)));
    return { correct: score >= F1_CORRECT_THRESHOLD, score };
  },
};
