import type { Options } from 'yargs';
import { MemevalError } from '../errors.js';
import { commaList as splitCommas } from '../config/options.js';

/** CLI options shared by several commands, declared once with their descriptions and defaults. */
export const SHARED_OPTIONS = {
  strategy: { type: 'string', describe: 'Memory strategy: a built-in name or a path to a strategy file', default: 'recency' },
  model: { type: 'string', describe: 'Reader model: offline or a Claude model id', default: 'offline' },
  budget: { type: 'number', describe: 'Token budget for the memory context', default: 4000 },
  embedder: { type: 'string', describe: 'Embedder for semantic strategies (hash, minilm)' },
  'model-dir': { type: 'string', describe: 'Folder with local embedding model files (or MEMEVAL_MODEL_DIR)' },
  db: { type: 'string', describe: 'SQLite database file', default: '.memeval/memory.db' },
} as const satisfies Record<string, Options>;

export function pick<K extends keyof typeof SHARED_OPTIONS>(...keys: K[]): Pick<typeof SHARED_OPTIONS, K> {
  return Object.fromEntries(keys.map((k) => [k, SHARED_OPTIONS[k]])) as Pick<typeof SHARED_OPTIONS, K>;
}

/** Rejects a budget that is not a positive whole number, naming the flag. */
export function positiveInt(name: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new MemevalError('USAGE', `--${name} must be a positive whole number (got ${String(value)})`);
  return n;
}

/** A whole number in [min, max], naming the flag: every numeric flag has an upper bound, so a typo is a usage error. */
export function boundedInt(name: string, value: unknown, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new MemevalError('USAGE', `--${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  return n;
}

/** Flag values may repeat and may be comma lists: `--model a,b --model c`. */
export function commaList(values: readonly (string | number)[] | undefined): string[] {
  return (values ?? []).flatMap((v) => splitCommas(String(v)));
}
