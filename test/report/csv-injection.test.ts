import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvCells as plainParse } from '../../src/report/csv-parse.js';
import { neutraliseCsvText, toCsv } from '../../src/report/csv.js';
import { readRunDir } from '../../src/report/read.js';
import { memevalCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/formula-cells.yaml');

const TEXTS = [
  '=HYPERLINK("http://x","y")',
  '+1+2',
  '-2+3',
  '@SUM(A1)',
  '\tcmd',
  '\rcmd',
  "'already quoted",
  "'=both",
  '-',
  '=',
  'plain',
  '',
  'a=b',
  'x@y.z',
];

describe('CSV injection: text a spreadsheet would run is neutralised, numbers never change', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ["'quoted", "''quoted"],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    // Text that is a plain number reads as a number in a spreadsheet, not a formula.
    ['-0.5', '-0.5'],
    ['+3', '+3'],
    ['-1e-9', '-1e-9'],
  ])('%j is written as %j', (text, written) => {
    expect(neutraliseCsvText(text)).toBe(written);
  });

  it('typed numbers stay numbers (-0.5 is -0.5), text cells are prefixed, and parseCsv reads back exactly what was given', () => {
    const rows = TEXTS.map((text, i) => ({ text, n: i % 2 === 0 ? -0.5 : -i, b: i % 3 === 0 }));
    const csv = toCsv(['text', 'n', 'b'], rows);
    const raw = plainParse(csv);
    expect(raw.slice(1).map((r) => r[1])).toEqual(rows.map((r) => String(r.n)));
    // No written text cell starts with a formula character.
    expect(
      raw
        .slice(1)
        .map((r) => r[0])
        .filter((c) => /^[=+\-@\t\r]/.test(c)),
    ).toEqual([]);
    const back = parseCsv(csv);
    expect(back.slice(1).map((r) => r[0])).toEqual(TEXTS);
    expect(back.slice(1).map((r) => Number(r[1]))).toEqual(rows.map((r) => r.n));
  });

  it('a real run: results.csv holds neutralised text; report, check against its own baseline and merge read it back as written', () => {
    const cwd = tempDir();
    const run = memevalCli(['run', '--scenario', FIXTURE, '--strategy', 'recency', '--out', join(cwd, 'out')]);
    expect(run.status).toBe(0);
    const dir = join(cwd, 'out', readdirSync(join(cwd, 'out'))[0]);
    const raw = plainParse(readFileSync(join(dir, 'results.csv'), 'utf8'));
    const col = (name: string) => raw.slice(1).map((r) => r[raw[0].indexOf(name)]);
    expect(col('question')).toEqual([
      "'=1+1 what is my favourite formula?",
      "'@SUM what did my calculator show yesterday?",
    ]);
    expect(col('answer').every((a) => !/^[=+\-@]/.test(a))).toBe(true);
    expect(col('answer').some((a) => a.startsWith("'"))).toBe(true);
    // The reader memeval's own commands use gives the original text back.
    const read = readRunDir(dir);
    expect(read.results.map((r) => r.question)).toEqual([
      '=1+1 what is my favourite formula?',
      '@SUM what did my calculator show yesterday?',
    ]);
    expect(read.results.map((r) => r.correct)).toEqual([true, true]);
    const bless = memevalCli(['baseline', 'bless', '--from', dir], { cwd });
    expect(bless.status).toBe(0);
    const check = memevalCli(['check', '--baseline', 'reports/baseline/summary.csv', '--current', dir], { cwd });
    expect(check.status).toBe(0);
    // Shards of the same run, merged: merge reads and writes again, and neutralises once, not twice.
    const shards = ['1/2', '2/2'].map((k) =>
      memevalCli([
        'run',
        '--scenario',
        FIXTURE,
        '--strategy',
        'recency,recency:scope=session',
        '--shard',
        k,
        '--out',
        join(cwd, 'shards'),
      ]),
    );
    expect(shards.map((r) => r.status)).toEqual([0, 0]);
    const merged = memevalCli([
      'merge',
      ...readdirSync(join(cwd, 'shards')).map((d) => join(cwd, 'shards', d)),
      '--out',
      join(cwd, 'merged'),
    ]);
    expect(merged.status).toBe(0);
    const mergedRaw = plainParse(readFileSync(join(cwd, 'merged', 'results.csv'), 'utf8'));
    expect(mergedRaw.slice(1).map((r) => r[mergedRaw[0].indexOf('question')])).toEqual([
      ...col('question'),
      ...col('question'),
    ]);
  });
});
