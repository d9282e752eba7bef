import { describe, expect, it } from 'vitest';
import { lightStem } from '../../src/util/text.js';

describe('lightStem undoes a consonant doubled before -ed/-ing', () => {
  it.each([
    ['preferred', 'prefer'],
    ['planning', 'plan'],
    ['stopped', 'stop'],
    ['running', 'run'],
  ])('%s → %s, as its base form stems', (word, stem) => {
    expect(lightStem(word)).toBe(stem);
    expect(lightStem(stem)).toBe(stem);
  });

  it.each([
    ['called', 'call'],
    ['missed', 'miss'],
    ['buzzing', 'buzz'],
    ['added', 'add'],
  ])('keeps ll, ss, zz and short stems: %s → %s', (word, stem) => {
    expect(lightStem(word)).toBe(stem);
  });
});
