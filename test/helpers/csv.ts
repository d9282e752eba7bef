import { parseCsv } from '../../src/report/csv-parse.js';

export { parseCsv };

/** Rows as objects keyed by the header. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
