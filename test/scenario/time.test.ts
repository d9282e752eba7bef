import { describe, expect, it } from 'vitest';
import { parseGapMs, parseInstantMs } from '../../src/scenario/time.js';

describe('parseGapMs', () => {
  it.each([
    ['10s', 10_000],
    ['30m', 1_800_000],
    ['5h', 18_000_000],
    ['2d', 172_800_000],
    ['3w', 1_814_400_000],
    ['1w2d', 777_600_000],
    ['1h30m', 5_400_000],
    ['0s', 0],
  ])('%s is %d ms', (gap, ms) => expect(parseGapMs(gap)).toBe(ms));

  it.each(['', '3', 'w', '3 w', '2days', '-1d', '1.5h', '1y'])('rejects %j', (gap) => {
    expect(() => parseGapMs(gap)).toThrow(/not a gap/);
  });
});

describe('parseInstantMs', () => {
  it('reads a date as UTC midnight', () => expect(parseInstantMs('2024-03-05')).toBe(Date.UTC(2024, 2, 5)));
  it('reads a date-time without offset as UTC, whatever the machine zone', () => {
    expect(parseInstantMs('2024-03-05T09:30:00')).toBe(Date.UTC(2024, 2, 5, 9, 30));
    expect(parseInstantMs('2024-03-05 09:30')).toBe(Date.UTC(2024, 2, 5, 9, 30));
  });
  it('honours Z and offsets', () => {
    expect(parseInstantMs('2024-03-05T09:30:00Z')).toBe(Date.UTC(2024, 2, 5, 9, 30));
    expect(parseInstantMs('2024-03-05T09:30:00+02:00')).toBe(Date.UTC(2024, 2, 5, 7, 30));
  });
  it('rejects non-dates', () => expect(() => parseInstantMs('next tuesday')).toThrow(/not an ISO date/));
});
