import { CsvError, parse } from 'csv-parse/sync';
import { MemevalError } from '../errors.js';
import { restoreCsvText } from './csv.js';

/**
 * Parses RFC 4180 CSV with csv-parse (csv-stringify's sibling, which writes memeval's files):
 * records end at CRLF, LF or CR, fields may be quoted, a doubled quote is a literal quote, a
 * UTF-8 BOM (spreadsheets write one) is dropped and a final newline adds no record. `file` only
 * names the source in errors. A text cell memeval neutralised against formula injection (`'=…`)
 * reads back as it was given.
 */
export function parseCsv(text: string, file = 'CSV'): string[][] {
  return parseCsvCells(text, file).map((record) => record.map(restoreCsvText));
}

/** The cells exactly as the file holds them (formula neutralisation left in place). */
export function parseCsvCells(text: string, file = 'CSV'): string[][] {
  try {
    return parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      // The column contract is checked by parseCsvTable, with a message naming the record.
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    throw csvError(error, text, file);
  }
}

/** csv-parse's errors in memeval's words: the file, the line, and what is wrong there. */
function csvError(error: unknown, text: string, file: string): unknown {
  if (!(error instanceof CsvError)) return error;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    // csv-parse reports where the input ended; the user needs the line the quote opened on.
    return new MemevalError('BAD_INPUT', `${file}:${openQuoteLine(text)}: quoted field is never closed`);
  }
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE' || error.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return new MemevalError('BAD_INPUT', `${file}:${error.lines}: unexpected character after a closing quote`);
  }
  return new MemevalError('BAD_INPUT', `${file}:${error.lines}: ${error.message}`);
}

/** The line of the quote that is still open at the end of `text` (quotes balance before it). */
function openQuoteLine(text: string): number {
  let line = 1;
  let quoted = false;
  let openedOn = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (quoted && text[i + 1] === '"') i++;
      else {
        quoted = !quoted;
        if (quoted) openedOn = line;
      }
    } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  }
  return openedOn;
}

/**
 * Records as objects keyed by the header row; the header must list exactly `columns` (in any
 * order), except that columns in `mayLack` may be absent: they read as empty cells.
 */
export function parseCsvTable<C extends string>(
  text: string,
  columns: readonly C[],
  file: string,
  mayLack: readonly string[] = [],
): Record<C, string>[] {
  const [header, ...rows] = parseCsv(text, file);
  if (!header) throw new MemevalError('BAD_INPUT', `${file}: empty file (expected a header row)`);
  const missing = columns.filter((c) => !header.includes(c) && !mayLack.includes(c));
  const absent = columns.filter((c) => !header.includes(c));
  const extra = header.filter((h) => !(columns as readonly string[]).includes(h));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
      extra.length > 0 ? `unknown column(s) ${extra.join(', ')}` : '',
    ];
    throw new MemevalError(
      'BAD_INPUT',
      `${file}: header does not match the column contract (src/report/columns.ts): ${parts.filter(Boolean).join('; ')}`,
    );
  }
  return rows.map((r, i) => {
    if (r.length !== header.length)
      throw new MemevalError(
        'BAD_INPUT',
        `${file}: record ${i + 2} has ${r.length} fields, the header has ${header.length}`,
      );
    return Object.fromEntries([...header.map((h, j) => [h, r[j]]), ...absent.map((c) => [c, ''])]) as Record<C, string>;
  });
}
