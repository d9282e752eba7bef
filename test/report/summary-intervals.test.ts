import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/metrics/interval.js';
import { renderReportHtml } from '../../src/report/html.js';
import { readRunDir } from '../../src/report/read.js';
import { summarize } from '../../src/report/summary.js';
import { formatSummaryTable } from '../../src/report/table.js';
import { manifest, resultRow, writeRun } from '../helpers/run-fixture.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** 16 probes, 11 answered right; evidence recall 1 on 9 of the 14 probes with evidence. */
function cell() {
  return Array.from({ length: 16 }, (_, i) =>
    resultRow({
      probe_id: `p${i}`,
      correct: i < 11,
      evidence_total: i < 14 ? 1 : 0,
      evidence_hit: i < 14 ? i < 9 : null,
      evidence_recall: i < 14 ? (i < 9 ? 1 : 0) : null,
    }),
  );
}

describe('summary.csv confidence intervals', () => {
  it('are the Wilson 95% intervals of accuracy over all probes and of evidence recall over probes with evidence', () => {
    const [row] = summarize(cell());
    const acc = wilsonInterval(11, 16)!;
    const rec = wilsonInterval(9, 14)!;
    expect(row.accuracy).toBe(0.6875);
    expect(row.accuracy_ci_low).toBe(Math.round(acc.low * 1e4) / 1e4);
    expect(row.accuracy_ci_high).toBe(Math.round(acc.high * 1e4) / 1e4);
    expect([row.accuracy_ci_low, row.accuracy_ci_high]).toEqual([0.444, 0.8584]);
    expect([row.evidence_recall_ci_low, row.evidence_recall_ci_high]).toEqual([
      Math.round(rec.low * 1e4) / 1e4,
      Math.round(rec.high * 1e4) / 1e4,
    ]);
  });

  it('are empty when no probe has evidence, rather than an interval around nothing', () => {
    const [row] = summarize(
      cell().map((r) => ({ ...r, evidence_total: 0, evidence_hit: null, evidence_recall: null })),
    );
    expect(row.evidence_recall).toBeNull();
    expect(row.evidence_recall_ci_low).toBeNull();
    expect(row.evidence_recall_ci_high).toBeNull();
    expect(row.accuracy_ci_low).not.toBeNull();
  });

  it('show in the terminal table and in report.html, which names the method from run.json', () => {
    const summary = summarize(cell());
    expect(formatSummaryTable(summary)).toMatch(/68\.8%\s+\[44\.4, 85\.8\]/);
    const dir = writeRun(join(tempDir(), 'run'), {
      results: cell(),
      summary,
      manifest: manifest({ statistics: { interval: 'wilson-score-95' } }),
    });
    const html = renderReportHtml(readRunDir(dir));
    expect(html).toContain('<td>68.8%</td><td>[44.4, 85.8]</td>');
    expect(html).toContain('Intervals: wilson-score-95');
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8').split('\n')[0]).toMatch(
      /,accuracy_ci_low,accuracy_ci_high,evidence_recall_ci_low,evidence_recall_ci_high$/,
    );
  });
});
