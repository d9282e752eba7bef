import { stringify } from 'csv-stringify/sync';

/**
 * CSV text with a header row, columns in the given order. Booleans are `true`/`false`, missing
 * values empty, so the file reads the same in a spreadsheet and in a diff.
 */
export function toCsv<C extends string>(columns: readonly C[], rows: readonly Record<C, string | number | boolean | null>[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => r[c])),
    {
      header: true,
      columns: [...columns],
      cast: { boolean: (v) => (v ? 'true' : 'false'), number: (v) => String(v) },
    },
  );
}
