import { MemevalError } from '../errors.js';
import { restoreCsvText } from './csv.js';

/**
 * Parses RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields optionally in
 * double quotes, where a doubled quote is a literal quote and commas and newlines are data.
 * A final newline does not add an empty record. `file` only names the source in errors.
 * A text cell memeval neutralised against formula injection (`'=…`) reads back as it was given.
 */
export function parseCsv(text: string, file = 'CSV'): string[][] {
  return parseCsvCells(text, file).map((record) => record.map(restoreCsvText));
}

/** The cells exactly as the file holds them (formula neutralisation left in place). */
export function parseCsvCells(text: string, file = 'CSV'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  // A UTF-8 BOM (spreadsheets write one) is not part of the first header name.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            throw new MemevalError('BAD_INPUT', `${file}:${line}: unexpected character after a closing quote`);
          }
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else field += c;
  }
  if (quoted) throw new MemevalError('BAD_INPUT', `${file}:${quoteLine}: quoted field is never closed`);
  if (field !== '' || record.length > 0) endRecord();
  return records;
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
