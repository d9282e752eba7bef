import { describe, expect, it } from 'vitest';
import { locomoAnswerScore, multiAnswerF1, normalizeAnswer, tokenF1 } from '../../src/metrics/f1.js';

/*
 * Expected values derived by hand from snap-research/locomo task_eval/evaluation.py:
 * normalize_answer = drop ",", lower, drop string.punctuation, \b(a|an|the|and)\b → " ", collapse;
 * f1_score = token F1 over Porter-stemmed tokens; f1 = mean over ","-parts of the gold of the best
 * f1_score against any ","-part of the prediction; category 3 gold = answer.split(";")[0].strip();
 * category 5 = 1 iff "no information available" or "not mentioned" is in the lower-cased answer.
 */
describe('LoCoMo answer scoring agrees with the official evaluation.py', () => {
  it('normalises like normalize_answer', () => {
    // ',' removed → lower → '&' and '!' removed → 'the' and 'an' become spaces → collapsed.
    expect(normalizeAnswer('The Lake, Tahoe & an Apple!')).toBe('lake tahoe apple');
    expect(normalizeAnswer('Anne and Theo')).toBe('anne theo'); // 'and' only as a whole word
  });

  it('token F1 with stemming', () => {
    // pred: he went hike in mountain (5), gold: hike mountain (2); overlap 2 → P 2/5, R 1, F1 = 0.8/1.4.
    expect(tokenF1('He went hiking in the mountains', 'hiking mountains')).toBeCloseTo(0.8 / 1.4, 12);
    expect(tokenF1('', 'Rex')).toBe(0);
    expect(tokenF1('rex', 'Rex')).toBe(1);
  });

  it('category 1 splits both sides on "," and averages the best match per gold part', () => {
    expect(multiAnswerF1('Denver, Lake Tahoe', 'Lake Tahoe, Denver')).toBe(1);
    // gold parts "Lake Tahoe" → 0, "Denver" vs "denver boston" → P 1/2, R 1 → 2/3; mean 1/3.
    expect(locomoAnswerScore(1, 'Denver and Boston', 'Lake Tahoe, Denver')).toBeCloseTo(1 / 3, 12);
  });

  it('category 3 scores against the answer before ";"', () => {
    expect(locomoAnswerScore(3, 'Yes', 'Yes; she has a dog')).toBe(1);
  });

  it('categories 2 and 4 are plain token F1; integer answers arrive as strings', () => {
    expect(locomoAnswerScore(2, 'In 2022.', '2022')).toBe(2 / 3); // pred "in 2022": P 1/2, R 1
    expect(locomoAnswerScore(4, 'Rex', 'Rex')).toBe(1);
  });

  it('category 5 is correct iff the answer says the information is not there', () => {
    expect(locomoAnswerScore(5, 'That is Not mentioned in the conversation.', 'Rex')).toBe(1);
    expect(locomoAnswerScore(5, 'No information available.', 'Rex')).toBe(1);
    expect(locomoAnswerScore(5, 'Rex', 'Rex')).toBe(0);
    expect(locomoAnswerScore(5, "I don't know", '')).toBe(0);
  });
});
