import { describe, expect, it } from 'vitest';
import { DONT_KNOW, OfflineModel } from '../../src/models/offline.js';

const model = new OfflineModel();
const ask = (history: string[], question: string, system?: string) =>
  model.answer({
    system,
    messages: [
      ...history.map((content, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content })),
      { role: 'user', content: question },
    ],
  });

describe('offline reader model', () => {
  it('answers with the context sentence that best matches the question', () => {
    const history = [
      'I love hiking in the Alps. My product is called Nexus.',
      'Nice! Tell me more.',
      'We launch it in May.',
      'Sounds exciting.',
    ];
    expect(ask(history, "What's the name of my product?")).toBe('My product is called Nexus.');
    expect(ask(history, 'When do we launch?')).toBe('We launch it in May.');
  });

  it('matches word forms through light stemming', () => {
    expect(ask(['I adopted two cats last spring.', 'Lovely.'], 'How many cat did I adopt?')).toBe(
      'I adopted two cats last spring.',
    );
  });

  it('says it does not know when nothing in the context matches', () => {
    expect(ask(['I love hiking in the Alps.', 'Great.'], 'What is my sister called?')).toBe(DONT_KNOW);
    expect(ask([], 'What is my sister called?')).toBe(DONT_KNOW);
  });

  it('prefers the latest of equally good sentences, so an update wins', () => {
    expect(ask(['I live in Paris.', 'Ok.', 'I live in Berlin now.', 'Noted.'], 'Where do I live?')).toBe(
      'I live in Berlin now.',
    );
  });

  it('reads the system prefix (profile facts, summaries)', () => {
    expect(
      ask([], 'Which language do I prefer?', 'Known facts about the user:\n- language: I prefer Portuguese.'),
    ).toContain('Portuguese');
  });

  it('never answers with an earlier question', () => {
    expect(ask(['What is the capital of Peru?'], 'What is the capital of Peru?')).toBe(DONT_KNOW);
  });

  it('adds the date of the sentence for when-questions', () => {
    expect(ask(['[2024-03-05 Tue] I renewed my passport.', 'ok'], 'When did I renew my passport?')).toBe(
      'On 2024-03-05 Tue: I renewed my passport.',
    );
  });

  it('is deterministic and reports estimated usage', async () => {
    const req = {
      messages: [
        { role: 'user' as const, content: 'My bike is red.' },
        { role: 'assistant' as const, content: 'ok' },
        { role: 'user' as const, content: 'What colour is my bike?' },
      ],
    };
    const a = await model.complete(req);
    const b = await model.complete(req);
    expect(a.text).toBe(b.text);
    expect(a.usage).toEqual(b.usage);
    expect(a.usage.inputTokens).toBeGreaterThan(0);
    expect(a.usageExact).toBe(false);
  });

  it('summarises extractively, keeping specific first-person facts within the cap', async () => {
    const chatter = Array.from(
      { length: 40 },
      (_, i) => `That is a nice thought number ${i % 2 === 0 ? 'one' : 'two'} about the weather.`,
    ).join(' ');
    const text = `${chatter} My sister Ophelia lives in Lisbon. ${chatter}`;
    const { text: summary } = await model.summarize(text, 30);
    expect(summary).toContain('My sister Ophelia lives in Lisbon.');
    expect(Math.ceil(summary.length / 4)).toBeLessThanOrEqual(30);
  });
});
