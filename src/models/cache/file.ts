import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { MemevalError } from '../../errors.js';
import { scrubSecrets } from '../../util/secrets.js';

/** Bumped when the file layout changes; older files are then reported, not misread. */
export const CACHE_FORMAT_VERSION = 1;

const Usage = z
  .object({
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    cacheReadTokens: z.number().int().nonnegative(),
    cacheWriteTokens: z.number().int().nonnegative(),
  })
  .strict();

/** One recorded call. Holds the reply and its exact usage, never the request's secrets. */
export const CacheEntry = z
  .object({
    formatVersion: z.literal(CACHE_FORMAT_VERSION),
    key: z.string().regex(/^[0-9a-f]{64}$/),
    modelId: z.string().min(1),
    reply: z
      .object({
        text: z.string(),
        stopReason: z.string(),
        usage: Usage,
        usageExact: z.boolean(),
      })
      .strict(),
  })
  .strict();
export type CacheEntry = z.infer<typeof CacheEntry>;

/** One recorded `messages.countTokens` call: the count, keyed apart from replies (see countKey). */
export const CountEntry = z
  .object({
    formatVersion: z.literal(CACHE_FORMAT_VERSION),
    key: z.string().regex(/^[0-9a-f]{64}$/),
    modelId: z.string().min(1),
    count: z.object({ inputTokens: z.number().int().nonnegative() }).strict(),
  })
  .strict();
export type CountEntry = z.infer<typeof CountEntry>;

/** Anything stored under a key: a reply or a count. */
type Entry = { key: string };

/** `<dir>/ab/cd/abcd….json`: two levels of fan-out keep folders small enough to browse and diff. */
export function entryPath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), key.slice(2, 4), `${key}.json`);
}

/**
 * The recorded entry, or undefined when there is none. A corrupt file, or one of another kind
 * than `schema` (a count where a reply was expected), is an error naming it.
 */
export function readEntry<T extends Entry>(dir: string, key: string, schema: z.ZodType<T>): T | undefined {
  const file = entryPath(dir, key);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MemevalError(
      'CACHE_CORRUPT',
      `${file}: cache file is not valid JSON (${(err as Error).message}); delete it to record again`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemevalError(
      'CACHE_CORRUPT',
      `${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}; delete it to record again`,
    );
  }
  if (parsed.data.key !== key) {
    throw new MemevalError(
      'CACHE_CORRUPT',
      `${file}: key field ${parsed.data.key} does not match the file name; delete it to record again`,
    );
  }
  return parsed.data;
}

/** Writes an entry through a temporary file and a rename, so a reader never sees half a file. */
export function writeEntry(dir: string, entry: Entry): string {
  const file = entryPath(dir, entry.key);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, scrubSecrets(`${JSON.stringify(entry, null, 2)}\n`));
  renameSync(tmp, file);
  return file;
}
