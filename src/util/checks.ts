import { MemevalError } from '../errors.js';

/**
 * A value given as a count (`--budget`, `-j`, `--limit`) as a positive whole number, or a USAGE
 * error (exit 2) that names it: `--budget must be a positive whole number (got 0)`.
 */
export function requirePositiveInt(label: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new MemevalError('USAGE', `${label} must be a positive whole number (got ${String(value)})`);
  // Every count has an upper bound, so a typo is a usage error rather than a run that cannot end.
  if (n > max) throw new MemevalError('USAGE', `${label} must be at most ${max} (got ${String(value)})`);
  return n;
}
