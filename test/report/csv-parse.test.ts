import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvTable } from '../../src/report/csv-parse.js';
import { MemevalError } from '../../src/errors.js';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    const text = 'a,b,c\n"x, y","she said ""hi""","line one\nline two"\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'she said "hi"', 'line one\nline two'],
    ]);
  });

  it('accepts CRLF, a BOM, empty fields and no final newline', () => {
    expect(parseCsv('\uFEFFa,b\r\n,\r\n"",z')).toEqual([
      ['a', 'b'],
      ['', ''],
      ['', 'z'],
    ]);
  });

  it('accepts LF, CRLF and bare CR record ends mixed in one file', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4\r5,6\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('round-trips whatever csv-stringify writes', () => {
    const rows = [
      ['plain', 'comma, inside', 'quote " inside', 'new\nline', 'cr\r\nlf', '', ' spaced ', 'ünïcode ✓'],
      ['"', '""', ',', '\n', 'a"b,c\nd', '0.30', '-1', 'end'],
    ];
    expect(parseCsv(stringify(rows))).toEqual(rows);
  });

  it('rejects an unterminated quote and junk after a closing quote, naming the file and line', () => {
    expect(() => parseCsv('a\n"open\nstill open', 'f.csv')).toThrow(/f\.csv:2: quoted field is never closed/);
    expect(() => parseCsv('x\n1\n2,"open\n', 'h.csv')).toThrow(/h\.csv:3: quoted field is never closed/);
    expect(() => parseCsv('x\n"a"b,c', 'g.csv')).toThrow(/g\.csv:2: unexpected character after a closing quote/);
    expect(() => parseCsv('"a"b,c', 'g.csv')).toThrow(MemevalError);
  });
});

describe('parseCsvTable', () => {
  it('keys records by header and insists on the column contract', () => {
    expect(parseCsvTable('x,y\n1,2\n', ['x', 'y'], 'f.csv')).toEqual([{ x: '1', y: '2' }]);
    expect(() => parseCsvTable('x,z\n1,2\n', ['x', 'y'], 'f.csv')).toThrow(
      /f\.csv: .*missing column\(s\) y; unknown column\(s\) z/,
    );
    expect(() => parseCsvTable('x,y\n1\n', ['x', 'y'], 'f.csv')).toThrow(/f\.csv: record 2 has 1 fields/);
    expect(() => parseCsvTable('', ['x'], 'f.csv')).toThrow(/empty file/);
  });
});
