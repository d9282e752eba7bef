import { MemevalError } from '../errors.js';

const UNIT_MS = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

/**
 * Milliseconds in a gap such as `3w`, `2d`, `5h`, `30m`, `10s` or a combination like `1w2d`.
 * @throws MemevalError BAD_INPUT for anything else.
 */
export function parseGapMs(gap: string): number {
  if (!/^(\d+[wdhms])+$/.test(gap))
    throw new MemevalError('BAD_INPUT', `"${gap}" is not a gap like 3w, 2d, 5h, 30m, 10s or 1w2d`);
  let totalMs = 0;
  for (const [, n, unit] of gap.matchAll(/(\d+)([wdhms])/g))
    totalMs += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return totalMs;
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time. A date-time without an offset is read as
 * UTC (JavaScript would read it as local time, which would make results depend on the machine).
 * @throws MemevalError BAD_INPUT when it is not a date.
 */
export function parseInstantMs(s: string): number {
  const text = s.trim();
  const hasTime = /\d[T ]\d{2}:\d{2}/.test(text);
  const hasOffset = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text);
  const ms = Date.parse(hasTime && !hasOffset ? `${text.replace(' ', 'T')}Z` : text);
  if (Number.isNaN(ms))
    throw new MemevalError('BAD_INPUT', `"${s}" is not an ISO date such as 2024-03-05 or 2024-03-05T09:30:00Z`);
  return ms;
}
