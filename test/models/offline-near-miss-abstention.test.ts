import { describe, expect, it } from 'vitest';
import { DONT_KNOW, OfflineModel } from '../../src/models/offline.js';

const model = new OfflineModel();
const ask = (history: string[], question: string) =>
  model.answer({
    messages: [
      ...history.map((content, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content })),
      { role: 'user', content: question },
    ],
  });
const HISTORY = [
  'I donated blood yesterday at the town hall.',
  'That is generous.',
  'My brother lives in Cardiff and works as a nurse.',
  'Good to know.',
];

describe('the offline reader says "I don\'t know." on a near miss', () => {
  it('when only one of two content words is supported', () => {
    expect(ask(HISTORY, 'What is my blood type?')).toBe(DONT_KNOW);
    expect(ask(HISTORY, "What is my brother's birthday?")).toBe(DONT_KNOW);
  });

  it('but answers when the sentence supports two or more of them', () => {
    expect(ask(HISTORY, 'What does my brother work as?')).toBe('My brother lives in Cardiff and works as a nurse.');
    expect(ask(HISTORY, 'Where was I donating blood?')).toBe('I donated blood yesterday at the town hall.');
  });

  it('and when the only other word names the answer slot ("name", "how many")', () => {
    const pets = ['We adopted a greyhound and she is called Pixel.', 'Lovely.'];
    expect(ask(pets, "What is my greyhound's name?")).toBe('We adopted a greyhound and she is called Pixel.');
    expect(ask(pets, 'How many greyhounds did we adopt?')).toBe('We adopted a greyhound and she is called Pixel.');
  });

  it('counts a compound as support for the word it ends in ("hazelnuts" for "nuts")', () => {
    expect(ask(["I'm allergic to hazelnuts.", 'Noted.'], 'Which nuts am I allergic to?')).toBe(
      "I'm allergic to hazelnuts.",
    );
  });
});

describe('the offline reader still answers from a profile line', () => {
  it('when the question and the line share the fact word in different forms', () => {
    const answer = model.answer({
      system: 'Known facts about the user:\n- preferred name: Mags',
      messages: [{ role: 'user', content: 'Which name do I prefer?' }],
    });
    expect(answer).toBe('- preferred name: Mags');
  });
});
