import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_USER_TURN, repairAlternation } from '../../src/chat/alternation.js';

describe('role alternation repair', () => {
  it('merges consecutive same-role messages in order instead of dropping any', () => {
    expect(
      repairAlternation([
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: 'd' },
        { role: 'user', content: 'e' },
      ]),
    ).toEqual([
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c\n\nd' },
      { role: 'user', content: 'e' },
    ]);
  });

  it('puts a placeholder user turn before a leading assistant turn', () => {
    expect(
      repairAlternation([
        { role: 'assistant', content: 'Your code is 12.' },
        { role: 'user', content: 'ok' },
      ]),
    ).toEqual([
      { role: 'user', content: PLACEHOLDER_USER_TURN },
      { role: 'assistant', content: 'Your code is 12.' },
      { role: 'user', content: 'ok' },
    ]);
  });

  it('does not mutate its input', () => {
    const input = [
      { role: 'user' as const, content: 'a' },
      { role: 'user' as const, content: 'b' },
    ];
    repairAlternation(input);
    expect(input[0].content).toBe('a');
  });
});
