import { stringify } from 'csv-stringify/sync';

/**
 * Text cells a spreadsheet would run as a formula (OWASP "CSV injection"): starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return. A leading `'` is included so the prefix can be told
 * from text that began with one (see `restoreCsvText`).
 */
const FORMULA_START = /^[=+\-@\t\r']/;
/** A plain number written as text (`-0.5`, `+3`, `1e-9`): a spreadsheet reads it as a number, never a formula. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A text cell made safe for spreadsheets: the OWASP rule, a single quote in front, which a
 * spreadsheet shows as text and hides. Numbers (typed, or text that is a plain number) and other
 * text are left as they are, so well-behaved files do not change.
 */
export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) && !NUMBER_TEXT.test(text) ? `'${text}` : text;
}

/** Undoes `neutraliseCsvText` when memeval reads its own CSV back (check, merge, baseline, report). */
export function restoreCsvText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !NUMBER_TEXT.test(cell.slice(1))
    ? cell.slice(1)
    : cell;
}

/**
 * CSV text with a header row, columns in the given order. Booleans are `true`/`false`, missing
 * values empty, so the file reads the same in a spreadsheet and in a diff. Text that a spreadsheet
 * would run as a formula is neutralised (every CSV memeval writes goes through here).
 */
export function toCsv<C extends string>(
  columns: readonly C[],
  rows: readonly Record<C, string | number | boolean | null>[],
): string {
  return stringify(
    rows.map((r) => columns.map((c) => r[c])),
    {
      header: true,
      columns: [...columns],
      cast: { boolean: (v) => (v ? 'true' : 'false'), number: (v) => String(v), string: (v) => neutraliseCsvText(v) },
    },
  );
}
