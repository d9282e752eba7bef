import { describe, expect, it } from 'vitest';
import { OfflineModel } from '../../src/models/offline.js';

describe('offline reader with unanswered turns merged into the question', () => {
  it('reads earlier paragraphs of the last user message as memory and only the last one as the question', () => {
    const reader = new OfflineModel();
    const answer = reader.answer({
      messages: [
        { role: 'user', content: '[2024-01-01 Mon] I live in Lisbon.' },
        { role: 'assistant', content: 'Noted.' },
        {
          role: 'user',
          content:
            '[2024-01-02 Tue] My sister is called Marta.\n\n[2024-01-03 Wed] I moved my office to Braga.\n\nWhat is my sister called?',
        },
      ],
    });
    expect(answer).toBe('My sister is called Marta.');
  });

  it('keeps each merged turn\'s own date label for "when" questions', () => {
    const reader = new OfflineModel();
    const answer = reader.answer({
      messages: [
        { role: 'user', content: '[2024-01-01 Mon] Hello there.\n\n[2024-01-09 Tue] I booked the piano tuner.' },
        { role: 'assistant', content: 'Good.' },
        { role: 'user', content: 'When did I book the piano tuner?' },
      ],
    });
    expect(answer).toBe('On 2024-01-09 Tue: I booked the piano tuner.');
  });
});
