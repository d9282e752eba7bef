import { MemevalError } from '../errors.js';

/**
 * A value given as a count (`--budget`, `-j`, `--limit`) as a positive whole number, or a USAGE
 * error (exit 2) that names it: `--budget must be a positive whole number (got 0)`.
 */
export function requirePositiveInt(label: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new MemevalError('USAGE', `${label} must be a positive whole number (got ${String(value)})`);
  return n;
}
