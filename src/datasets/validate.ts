import type { z } from 'zod';
import { MemevalError } from '../errors.js';

/** `$[3].qa[12].evidence` from a zod issue path under element `index`. */
export function jsonPath(index: number, path: readonly PropertyKey[]): string {
  let out = `$[${index}]`;
  for (const key of path)
    out +=
      typeof key === 'number'
        ? `[${key}]`
        : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(key))
          ? `.${String(key)}`
          : `[${JSON.stringify(String(key))}]`;
  return out;
}

/** A DATASET_INVALID error naming the file and the JSON path of the bad field. */
export function datasetError(file: string, index: number, path: readonly PropertyKey[], message: string): MemevalError {
  return new MemevalError('DATASET_INVALID', `${file}: ${jsonPath(index, path)}: ${message}`);
}

/** Parses one top-level element with its schema; the first issue becomes a DATASET_INVALID error. */
export function parseElement<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file: string,
  index: number,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw datasetError(file, index, [...prefix, ...issue.path], issue.message);
}
