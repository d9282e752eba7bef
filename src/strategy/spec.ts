import { MemevalError } from '../errors.js';
import { loadStrategyFrom, parseStrategyOptions } from './load.js';
import type { StrategyDefinition, StrategyRegistry } from './types.js';

export type OptionValue = string | number | boolean;

/** A `--strategy` value taken apart: `name` or `name:key=value[,key=value]`. */
export interface StrategySpec {
  /** The text as given. */
  spec: string;
  /** Built-in name or path to a strategy file. */
  name: string;
  /** Options as written: from a spec string, values read as number, boolean or string. */
  options: Record<string, unknown>;
}

/**
 * A strategy as a spec string; as `{ name, options }` (config files, `runEval`), options any JSON;
 * or, from code, a `defineStrategy(...)` definition itself, bare or as the `name` of that object.
 */
export type StrategyInput =
  | string
  | StrategyDefinition
  | { name: string | StrategyDefinition; options?: Record<string, unknown> };

/** A `defineStrategy(...)` result (as opposed to a name or a `{ name, options }` entry). */
export function isStrategyDefinition(value: unknown): value is StrategyDefinition {
  const v = value as Partial<StrategyDefinition> | null;
  return !!v && typeof v === 'object' && typeof v.name === 'string' && typeof v.create === 'function' && !!v.options;
}

/** A spec whose strategy is loaded and whose options passed the strategy's own schema. */
export interface ResolvedStrategy extends StrategySpec {
  definition: StrategyDefinition;
  /** Options after the schema (defaults filled in). */
  resolvedOptions: Record<string, unknown>;
  /** Cell label: the strategy's name plus its non-default options, e.g. `recency[scope=session]`. */
  label: string;
}

/** `5` → 5, `true` → true, anything else stays a string. */
export function parseOptionValue(text: string): OptionValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  return text;
}

/**
 * Splits a spec at its first `:` into name and options. A drive letter (`C:\…`) is not an option
 * separator. @throws MemevalError USAGE for malformed options.
 */
export function parseStrategySpec(spec: string): StrategySpec {
  const text = spec.trim();
  const colon = text.search(/:(?![\\/])/);
  const name = colon < 0 ? text : text.slice(0, colon);
  if (name === '') throw new MemevalError('USAGE', `--strategy "${spec}": missing strategy name`);
  const options: Record<string, OptionValue> = {};
  if (colon >= 0) {
    for (const pair of text.slice(colon + 1).split(',')) {
      const eq = pair.indexOf('=');
      const key = eq > 0 ? pair.slice(0, eq).trim() : '';
      if (!key || eq === pair.length - 1)
        throw new MemevalError(
          'USAGE',
          `--strategy "${spec}": options are key=value pairs separated by commas (got "${pair}")`,
        );
      if (key in options) throw new MemevalError('USAGE', `--strategy "${spec}": option ${key} given twice`);
      options[key] = parseOptionValue(pair.slice(eq + 1).trim());
    }
  }
  return { spec: text, name, options };
}

/** `name[k=v,…]` listing options whose value differs from the schema default, keys sorted. */
export function strategyLabel(definition: StrategyDefinition, resolvedOptions: Record<string, unknown>): string {
  const defaults = definition.options.safeParse({});
  const base = (defaults.success ? defaults.data : {}) as Record<string, unknown>;
  const changed = Object.keys(resolvedOptions)
    .sort()
    .filter((k) => JSON.stringify(resolvedOptions[k]) !== JSON.stringify(base[k]))
    .map(
      (k) => `${k}=${typeof resolvedOptions[k] === 'string' ? resolvedOptions[k] : JSON.stringify(resolvedOptions[k])}`,
    );
  return changed.length > 0 ? `${definition.name}[${changed.join(',')}]` : definition.name;
}

/** A strategy input as a spec: objects get a spec text in the `name:key=value` form for run.json. */
export function toStrategySpec(input: StrategyInput): StrategySpec & { definition?: StrategyDefinition } {
  if (typeof input === 'string') return parseStrategySpec(input);
  const entry = isStrategyDefinition(input) ? { name: input } : input;
  const definition = typeof entry.name === 'string' ? undefined : entry.name;
  const name = definition ? definition.name : (entry.name as string);
  const options = entry.options ?? {};
  const pairs = Object.keys(options).map(
    (k) => `${k}=${typeof options[k] === 'string' ? options[k] : JSON.stringify(options[k])}`,
  );
  return { spec: pairs.length > 0 ? `${name}:${pairs.join(',')}` : name, name, options, definition };
}

/** Loads one spec's strategy (a name from `builtins`, or a file) and validates its options. @throws MemevalError (exit 2) naming the option. */
export async function resolveStrategySpecFrom(
  builtins: StrategyRegistry,
  input: StrategyInput,
): Promise<ResolvedStrategy> {
  const { definition: given, ...parsed } = toStrategySpec(input);
  const definition = given ?? (await loadStrategyFrom(builtins, parsed.name));
  const resolvedOptions = parseStrategyOptions(definition, parsed.options, `--strategy ${parsed.spec}`) as Record<
    string,
    unknown
  >;
  return { ...parsed, definition, resolvedOptions, label: strategyLabel(definition, resolvedOptions) };
}

/**
 * Resolves a list of specs; `all` stands for every strategy of `builtins` with default options.
 * The label is a cell's strategy identity (summary rows group by it): the same strategy with
 * the same effective options is dropped, first one kept, so the matrix has no repeated cells;
 * two different strategies that would share a label (two files with one `name`) are an error
 * rather than one silently replacing the other. `onRepeat` hears of each spec dropped so.
 */
export async function resolveStrategySpecsFrom(
  builtins: StrategyRegistry,
  specs: readonly StrategyInput[],
  onRepeat?: (dropped: ResolvedStrategy, kept: ResolvedStrategy) => void,
): Promise<ResolvedStrategy[]> {
  const expanded = specs.flatMap((s) => (typeof s === 'string' && s.trim() === 'all' ? Object.keys(builtins) : [s]));
  if (expanded.length === 0) throw new MemevalError('USAGE', '--strategy: name at least one strategy, or all');
  const out: ResolvedStrategy[] = [];
  for (const spec of expanded) {
    const resolved = await resolveStrategySpecFrom(builtins, spec);
    const same = out.find((r) => r.label === resolved.label);
    if (same && same.definition !== resolved.definition) {
      throw new MemevalError(
        'USAGE',
        `strategies "${same.spec}" and "${resolved.spec}" are different strategies both named "${resolved.label}"; give each file its own name`,
      );
    }
    if (same) onRepeat?.(resolved, same);
    else out.push(resolved);
  }
  return out;
}

/**
 * Splits a comma-separated list of specs where options themselves are comma-separated:
 * `recency:scope=session,dates=false,semantic` is two specs. A segment holding `=` but no `:`
 * continues the previous spec's options.
 */
export function splitSpecList(list: string): string[] {
  const out: string[] = [];
  for (const segment of list.split(',')) {
    const continues =
      segment.includes('=') && !segment.includes(':') && out.length > 0 && out[out.length - 1].includes(':');
    if (continues) out[out.length - 1] += `,${segment}`;
    else out.push(segment);
  }
  return out.map((s) => s.trim()).filter((s) => s !== '');
}
