/**
 * The one aligned plain-text table of the terminal output (summary, metrics, models side by
 * side, the gate's diff, bench, scenario lists). Hand-written rather than a table library: it is
 * a dozen lines, the output is diffed in CI logs and must stay byte-stable, and the libraries
 * draw box characters or wrap cells, which these tables must not do.
 */
export interface TextTableOptions {
  /** Columns left-aligned from the left; the rest (numbers) right-aligned. @default every column */
  leftAligned?: number;
  /** A rule of dashes under the header. @default true */
  rule?: boolean;
}

/** Pads every column to its widest cell, two spaces apart, no trailing spaces. */
export function textTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TextTableOptions = {},
): string {
  const left = options.leftAligned ?? headers.length;
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r
      .map((v, i) => (i < left ? v.padEnd(widths[i]) : v.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = options.rule === false ? [] : [widths.map((w) => '-'.repeat(w)).join('  ')];
  return [line(headers), ...rule, ...rows.map(line)].join('\n');
}
