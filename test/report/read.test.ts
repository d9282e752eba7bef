import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATER_COLUMNS, RESULT_COLUMNS, SUMMARY_COLUMNS } from '../../src/report/columns.js';
import { toCsv } from '../../src/report/csv.js';
import { readManifest, readResults, readRunDir, readSummary } from '../../src/report/read.js';
import { manifest, resultRow, summaryRow, writeRun } from '../helpers/run-fixture.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('reading a run back', () => {
  it('gives back the typed rows that were written, and re-writes byte-identical CSV', () => {
    const results = [
      resultRow(),
      resultRow({
        probe_id: 'p2',
        answer: 'a "quoted", multi\nline answer',
        correct: false,
        score: 0,
        evidence_hit: false,
        evidence_recall: 0,
        expected: '118',
      }),
      resultRow({
        probe_id: 'p3',
        answer: null,
        correct: false,
        score: 0,
        error: 'model exploded',
        leaked: null,
        input_tokens: null,
        total_ms: null,
        cached: null,
      }),
    ];
    const summary = [
      summaryRow(),
      summaryRow({ strategy: 'semantic[topK=5]', evidence_recall: null, cost_per_exchange_usd: 0.000123 }),
    ];
    const dir = writeRun(join(tempDir(), 'run'), { results, summary });
    const run = readRunDir(dir);
    expect(run.results).toEqual(results);
    expect(run.summary).toEqual(summary);
    expect(run.manifest.runId).toBe('run-fixture');
    // Text columns stay text: an expected answer "118" must not become the number 118.
    expect(run.results[1].expected).toBe('118');
    expect(toCsv(RESULT_COLUMNS, run.results)).toBe(toCsv(RESULT_COLUMNS, results));
    expect(toCsv(SUMMARY_COLUMNS, run.summary)).toBe(toCsv(SUMMARY_COLUMNS, summary));
  });

  it('names the file, record and column of a bad value', () => {
    const file = join(tempDir(), 'summary.csv');
    writeFileSync(file, toCsv(SUMMARY_COLUMNS, [summaryRow(), summaryRow({ accuracy: 'high' as unknown as number })]));
    expect(() => readSummary(file)).toThrow(
      `${file}: record 3, column accuracy: must be a number or empty (got "high")`,
    );
    const results = join(tempDir(), 'results.csv');
    writeFileSync(results, toCsv(RESULT_COLUMNS, [resultRow({ correct: 'yes' as unknown as boolean })]));
    expect(() => readResults(results)).toThrow(/results\.csv: record 2, column correct/);
  });

  it('rejects a file that does not follow the column contract, and a missing file', () => {
    const file = join(tempDir(), 'summary.csv');
    writeFileSync(file, 'strategy,model\nrecency,offline\n');
    expect(() => readSummary(file)).toThrow(/header does not match the column contract .*missing column\(s\) embedder/);
    expect(() => readSummary(join(tempDir(), 'nope.csv'))).toThrow(/nope\.csv: no such file/);
  });

  it('reads a summary written before the summariser and interval columns (an older baseline) with those cells empty', () => {
    const file = join(tempDir(), 'summary.csv');
    const older = SUMMARY_COLUMNS.filter((c) => !(LATER_COLUMNS as readonly string[]).includes(c));
    writeFileSync(file, toCsv(older, [summaryRow()]));
    expect(readFileSync(file, 'utf8')).not.toContain('summary_cost');
    expect(readSummary(file)).toEqual([
      summaryRow({
        mean_summary_input_tokens: null,
        mean_summary_output_tokens: null,
        summary_cost_per_exchange_usd: null,
        accuracy_ci_low: null,
        accuracy_ci_high: null,
        evidence_recall_ci_low: null,
        evidence_recall_ci_high: null,
      }),
    ]);
    // Only the later columns may be missing.
    writeFileSync(
      file,
      toCsv(
        older.filter((c) => c !== 'leaks'),
        [summaryRow()],
      ),
    );
    expect(() => readSummary(file)).toThrow(/missing column\(s\) leaks$/);
  });

  it('reads results written before forbid_in_answer existed, with forbidden_in_answer empty', () => {
    const file = join(tempDir(), 'results.csv');
    const older = RESULT_COLUMNS.filter((c) => c !== 'forbidden_in_answer');
    writeFileSync(file, toCsv(older, [resultRow()]));
    expect(readResults(file)).toEqual([resultRow({ forbidden_in_answer: null })]);
  });

  it('validates run.json, naming the field', () => {
    const file = join(tempDir(), 'run.json');
    writeFileSync(file, JSON.stringify(manifest({ cells: [{ scenario: 'x' }] })));
    expect(() => readManifest(file)).toThrow(/run\.json: cells\.0\.strategy/);
    writeFileSync(file, '{ not json');
    expect(() => readManifest(file)).toThrow(/run\.json: not valid JSON/);
  });
});
