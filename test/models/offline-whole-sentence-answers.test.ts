import { describe, expect, it } from 'vitest';
import { OfflineModel } from '../../src/models/offline.js';

const model = new OfflineModel();

describe('the offline reader answers and summarises with whole sentences across abbreviations', () => {
  it('answers with the full sentence, not the part before "Dr."', () => {
    const answer = model.answer({
      messages: [
        { role: 'user', content: 'My dentist is Dr. Okonkwo on Harbor Street. I go twice a year.' },
        { role: 'assistant', content: 'Good habit.' },
        { role: 'user', content: 'Who is my dentist?' },
      ],
    });
    expect(answer).toBe('My dentist is Dr. Okonkwo on Harbor Street.');
  });

  it('keeps a sentence with a title whole in an extractive summary', async () => {
    const { text } = await model.summarize('Nice weather today. My dentist is Dr. Okonkwo on Harbor Street.', 14);
    expect(text).toBe('My dentist is Dr. Okonkwo on Harbor Street.');
  });
});
