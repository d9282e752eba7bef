import type { Options } from 'yargs';
import { z } from 'zod';
import { MemevalError } from '../errors.js';

/**
 * One option, declared once: its flag, environment variable, default, description, and the zod
 * schema every source's value must pass. Its key in a command's table is its config-file key
 * where that command reads a config file. The yargs declaration is derived from it and never
 * carries the default: a yargs default makes every flag look given, which would let the default
 * beat the environment and the config file.
 */
export interface OptionDecl<S extends z.ZodType = z.ZodType> {
  /** CLI flag without dashes. */
  flag: string;
  /** Environment variable; always `MEMEVAL_*`. Absent: the option is a flag only. */
  env?: `MEMEVAL_${string}`;
  describe: string;
  schema: S;
  /** Absent means "not set" (the runner then uses per-scenario values). */
  default?: z.output<S>;
  /** For an option without a default: a value the starter config shows, commented out. */
  example?: z.output<S>;
  /** yargs type, array, alias, demandOption — never `default` or `choices` (see yargsOptions). */
  yargs: Omit<Options, 'default' | 'describe'>;
  /** Environment text to the value the schema checks. @default the text as is */
  fromText?: (text: string) => unknown;
  /** A parsed flag to the value the schema checks. @default the flag value as is */
  fromFlag?: (value: unknown) => unknown;
  /** A config-file value naming files resolves against the config file's folder. */
  path?: boolean;
}

export const decl = <S extends z.ZodType>(d: OptionDecl<S>) => d;

export type OptionTable = Record<string, OptionDecl>;

/** The value type of each option of a table, after its schema. */
export type OptionValues<T extends OptionTable> = { [K in keyof T]: z.output<T[K]['schema']> };

/** `a,b` → ['a','b'], trimmed, empties dropped: the one comma-list rule for flags, variables and config. */
export function splitCommaList(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
/** Flags may repeat and may be comma lists: `--model a,b --model c`. */
export const flagList = (value: unknown) => (value as unknown[]).flatMap((v) => splitCommaList(String(v)));
/** Text that is not a number (including '', which Number() makes 0) stays text, so the message shows what was given. */
export const number = (text: string): unknown =>
  text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text);
export const numbers = (values: string[]) => values.map(number);
export const boolean = (text: string): unknown =>
  ({ true: true, '1': true, false: false, '0': false })[text.trim().toLowerCase()] ?? text;
export const text = (t: string) => t;

/** Schemas shared by many options. */
export const nameSchema = z.string().trim().min(1, 'must not be empty');
export const namesSchema = z.array(nameSchema);
export const positiveIntSchema = z.number().int().positive();
/**
 * A whole number in [min, max]. Every numeric option has an upper bound, so a typo such as
 * `--timeout-ms 3000000000` (past the 2^31−1 ms a Node timer holds) is a usage error naming the
 * flag, not a run that fails every call or cannot end.
 */
export const intInSchema = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number(message).int(message).min(min, message).max(max, message);
};
export const nonNegativeSchema = z.number('must be a number ≥ 0').nonnegative('must be a number ≥ 0');

/**
 * yargs declarations for a table: type and description only, defaults and choices shown in the
 * help text. yargs never checks choices itself: its refusal is a multi-line block outside the
 * error codes, while the option's zod enum refuses in one line naming the flag, exit 2, the same
 * way for a flag, a variable and a config key.
 */
export function yargsOptions(table: OptionTable): Record<string, Options> {
  return Object.fromEntries(
    Object.values(table).map((o) => {
      const shown = o.default === undefined ? '' : ` [default: ${JSON.stringify(o.default)}]`;
      const env = o.env === undefined ? '' : ` (env ${o.env})`;
      const choices = o.schema instanceof z.ZodEnum ? ` [choices: ${o.schema.options.join(', ')}]` : '';
      return [o.flag, { ...o.yargs, describe: `${o.describe}${env}${choices}${shown}` }];
    }),
  );
}

/** How help and messages write a flag: `-j`, `--model`. */
export function flagName(o: OptionDecl): string {
  return o.flag.length === 1 ? `-${o.flag}` : `--${o.flag}`;
}

/**
 * A positional argument that must be one of `choices`, refused the way an option is: one line
 * naming the argument, exit 2 (yargs' own `choices` check prints a multi-line block instead).
 */
export function choiceOf<const T extends readonly [string, ...string[]]>(
  argument: string,
  choices: T,
  value: unknown,
): T[number] {
  if (choices.includes(value as string)) return value as T[number];
  throw new MemevalError(
    'USAGE',
    `${argument}: expected one of ${choices.map((c) => `"${c}"`).join('|')}; got ${JSON.stringify(value)}`,
  );
}
