import { describe, expect, it } from 'vitest';
import { fillerSessionId, generateFillerSessions } from '../../src/scenario/filler.js';
import { FillerStep } from '../../src/scenario/schema.js';

const spec = (over: Record<string, unknown> = {}) =>
  FillerStep.parse({ filler: { user: 'u', sessions: 60, turns: 4, ...over } }).filler;

describe('generateFillerSessions', () => {
  it('gives sessions × turns with ids, gaps and both sides of each turn', () => {
    const sessions = generateFillerSessions(spec({ sessions: 3, turns: 2, gap: '20h' }), 1);
    expect(sessions.map((s) => s.sessionId)).toEqual(['filler-001', 'filler-002', 'filler-003']);
    expect(sessions.every((s) => s.gapMs === 20 * 3_600_000 && s.turns.length === 2)).toBe(true);
    for (const t of sessions.flatMap((s) => s.turns)) {
      expect(t.user.trim().length).toBeGreaterThan(0);
      expect(t.assistant.trim().length).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed', () => {
    expect(generateFillerSessions(spec(), 7)).toEqual(generateFillerSessions(spec(), 7));
  });

  it('differs across seeds and across session prefixes', () => {
    const text = (s: ReturnType<typeof generateFillerSessions>) => JSON.stringify(s.map((x) => x.turns));
    expect(text(generateFillerSessions(spec(), 1))).not.toEqual(text(generateFillerSessions(spec(), 2)));
    expect(text(generateFillerSessions(spec(), 1))).not.toEqual(
      text(generateFillerSessions(spec({ session_prefix: 'other' }), 1)),
    );
  });

  it('does not repeat itself across 60 sessions, and draws on thousands of sentences', () => {
    const turns = generateFillerSessions(spec(), 3).flatMap((s) => s.turns.map((t) => t.user));
    expect(new Set(turns).size).toBeGreaterThanOrEqual(turns.length * 0.95);
    const many = generateFillerSessions(spec({ sessions: 500 }), 3).flatMap((s) =>
      s.turns.flatMap((t) => t.user.split(/(?<=[.?]) /)),
    );
    expect(new Set(many).size).toBeGreaterThan(2000);
  });

  it('plants distractor facts (names, cities, numbers) only when asked', () => {
    const all = (on: boolean) =>
      generateFillerSessions(spec({ distractors: on }), 5)
        .flatMap((s) => s.turns.map((t) => t.user))
        .join(' ');
    expect(all(true)).toMatch(/\b(Porto|Valencia|Krakow|Osaka|Denver|Lyon)\b/);
    expect(all(true)).toMatch(/\b(Priya|Marco|Hannah|Tomasz|Aiko|Daniel)\b/);
    expect(all(false)).not.toMatch(
      /\b(Porto|Valencia|Krakow|Osaka|Denver|Lyon|Priya|Marco|Hannah|Tomasz|Aiko|Daniel)\b/,
    );
  });

  it('names sessions with a zero-padded counter', () => expect(fillerSessionId('f', 41)).toBe('f-042'));
});
