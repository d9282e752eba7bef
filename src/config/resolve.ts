import { MemevalError } from '../errors.js';
import type { OptionSource } from '../runner/provenance.js';
import { flagName, type OptionDecl, type OptionTable, type OptionValues } from './option-decl.js';

/** Where option values can come from; any of them may be absent. */
export interface ResolveInput {
  /**
   * Parsed CLI flags keyed by flag name. A flag is "given" when its value is not undefined, which
   * holds because the yargs declarations carry no defaults (see OptionDecl).
   */
  flags?: Record<string, unknown>;
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** The config file's section for this table (already validated) and how to name it in messages. */
  file?: { name: string; values: Record<string, unknown> | undefined; keyPrefix?: string } | null;
}

/** Every option of a table with its value and where the value came from. */
export type Resolved<T extends OptionTable> = {
  [K in keyof T]: { value: OptionValues<T>[K] | undefined; source: OptionSource };
};

/**
 * THE resolution of memeval's options, for the CLI and the library alike. For each option the
 * first source that sets it wins:
 *
 *   CLI flag  >  MEMEVAL_* environment variable  >  config file  >  default
 *
 * Values are replaced, never merged (a `--model` flag replaces the file's whole `models` list).
 * An empty environment variable counts as unset (shells leave them behind). Every value, whatever
 * its source, passes the option's schema; a bad one throws a MemevalError naming the flag
 * (`--limit`), the variable (`MEMEVAL_LIMIT`) or the file and key (`memeval.config.yaml: limit`).
 */
export function resolveOptions<T extends OptionTable>(table: T, input: ResolveInput): Resolved<T> {
  const env = input.env ?? process.env;
  const out: Record<string, { value: unknown; source: OptionSource }> = {};
  for (const [key, decl] of Object.entries(table)) {
    const flag = input.flags?.[decl.flag];
    const envText = decl.env === undefined ? undefined : env[decl.env];
    const fileValue = input.file?.values?.[key];
    let picked: { raw: unknown; source: OptionSource };
    if (flag !== undefined) picked = { raw: (decl.fromFlag ?? ((v) => v))(flag), source: 'flag' };
    else if (envText !== undefined && envText.trim() !== '')
      picked = { raw: (decl.fromText ?? ((t) => t))(envText), source: 'env' };
    else if (fileValue !== undefined) picked = { raw: fileValue, source: 'file' };
    else {
      out[key] = { value: decl.default, source: 'default' };
      continue;
    }
    const parsed = decl.schema.safeParse(picked.raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue.path.length > 0 ? ` (item ${issue.path.join('.')})` : '';
      throw new MemevalError(
        picked.source === 'file' ? 'CONFIG' : 'USAGE',
        `${sourceName(picked.source, decl, input.file, key)}: ${issue.message}${path}; got ${shown(valueAt(picked.raw, issue.path))}`,
      );
    }
    out[key] = { value: parsed.data, source: picked.source };
  }
  return out as Resolved<T>;
}

/** The offending part of a value, so the message shows what was given. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    value,
  );
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Just the values of a resolution. */
export function resolvedValues<T extends OptionTable>(resolved: Resolved<T>): Partial<OptionValues<T>> {
  return Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, (v as { value: unknown }).value])) as Partial<
    OptionValues<T>
  >;
}

/** How messages name where an option's value came from: `--limit`, `MEMEVAL_LIMIT`, `memeval.config.yaml: limit`. */
export function sourceName(
  source: OptionSource,
  decl: OptionDecl,
  file: { name: string; keyPrefix?: string } | null | undefined,
  key: string,
): string {
  if (source === 'flag') return flagName(decl);
  if (source === 'env' && decl.env !== undefined) return decl.env;
  if (source === 'file' && file) return `${file.name}: ${file.keyPrefix ?? ''}${key}`;
  return `the default of ${flagName(decl)}`;
}
