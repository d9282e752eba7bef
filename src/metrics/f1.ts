import { porterStem } from '../util/porter.js';

/**
 * LoCoMo's answer scoring, following snap-research/locomo `task_eval/evaluation.py`
 * (`normalize_answer`, `f1_score`, `f1`, `eval_question_answering`) line for line.
 */

/** Python's `string.punctuation`: ASCII punctuation only. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** `\b(a|an|the|and)\b` with Unicode word boundaries, as Python's `regex` module reads `\b` on str. */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the|and)(?![\p{L}\p{N}_])/gu;

/** Removes commas, lower-cases, strips ASCII punctuation, drops a/an/the/and, collapses whitespace. */
export function normalizeAnswer(text: string): string {
  const s = text.replace(/,/g, '').toLowerCase().replace(PUNCTUATION, '').replace(ARTICLES, ' ');
  return s
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .join(' ');
}

function stemmedTokens(text: string): string[] {
  const norm = normalizeAnswer(text);
  return norm.length === 0 ? [] : norm.split(' ').map(porterStem);
}

/** Token F1 over normalised, Porter-stemmed tokens (multiset overlap); 0 when nothing overlaps. */
export function tokenF1(prediction: string, truth: string): number {
  const pred = stemmedTokens(prediction);
  const gold = stemmedTokens(truth);
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      same++;
      counts.set(t, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Multi-answer F1 (category 1, multi-hop): both sides split on ","; for each gold part the best
 * F1 against any predicted part, averaged over the gold parts.
 */
export function multiAnswerF1(prediction: string, truth: string): number {
  const preds = prediction.split(',').map((p) => p.trim());
  const golds = truth.split(',').map((g) => g.trim());
  const best = golds.map((g) => Math.max(...preds.map((p) => tokenF1(p, g))));
  return best.reduce((a, b) => a + b, 0) / best.length;
}

/** The official adversarial rule: correct iff the answer says the information is not there. */
export function saysNotMentioned(prediction: string): boolean {
  const p = prediction.toLowerCase();
  return p.includes('no information available') || p.includes('not mentioned');
}

/**
 * Score of one LoCoMo answer by the official per-category rule: 1 multi-hop → multi-answer F1;
 * 2 temporal, 4 single-hop → token F1; 3 open-domain → token F1 against the gold answer up to
 * its first ";"; 5 adversarial → 1 or 0 by {@link saysNotMentioned}.
 */
export function locomoAnswerScore(category: number, prediction: string, answer: string): number {
  switch (category) {
    case 1:
      return multiAnswerF1(prediction, answer);
    case 2:
    case 4:
      return tokenF1(prediction, answer);
    case 3:
      return tokenF1(prediction, answer.split(';')[0].trim());
    case 5:
      return saysNotMentioned(prediction) ? 1 : 0;
    default:
      throw new RangeError(`LoCoMo category must be 1-5, got ${category}`);
  }
}
