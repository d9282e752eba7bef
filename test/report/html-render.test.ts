import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../src/report/columns.js';
import { writeReportHtml } from '../../src/report/html.js';
import { readRunDir } from '../../src/report/read.js';
import { dumpDom } from '../helpers/chromium.js';
import { resultRow, summaryRow, writeRun } from '../helpers/run-fixture.js';
import { useTempDir } from '../helpers/store.js';
import { describeWith, MISSING } from '../helpers/optional.js';

const tempDir = useTempDir();
const NASTY = '</script><img src=x onerror="document.title=\'pwned\'"> & <b>bold</b>';

/** 2 strategies × 2 budgets × 3 probes; semantic at 1000 gets one wrong, recency one errored. */
function fixtureRows(priceAs: string | null): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const strategy of ['recency', 'semantic']) {
    for (const budget_tokens of [1000, 4000]) {
      rows.push(
        resultRow({
          strategy,
          budget_tokens,
          probe_id: 'p1',
          kind: 'recall',
          total_ms: 1.5,
          priced_as: priceAs,
          cost_usd: priceAs ? 0.001 : null,
        }),
      );
      const wrong = strategy === 'semantic' && budget_tokens === 1000;
      rows.push(
        resultRow({
          strategy,
          budget_tokens,
          probe_id: 'p2',
          kind: 'temporal',
          question: NASTY,
          answer: wrong ? NASTY : 'yes',
          correct: !wrong,
          evidence_recall: wrong ? 0 : 1,
          total_ms: 2.5,
          priced_as: priceAs,
          cost_usd: priceAs ? 0.002 : null,
        }),
      );
      const errored = strategy === 'recency' && budget_tokens === 4000;
      rows.push(
        resultRow({
          strategy,
          budget_tokens,
          probe_id: 'p3',
          kind: 'abstain',
          evidence_recall: null,
          evidence_total: 0,
          evidence_hit: null,
          answer: errored ? null : "I don't know.",
          error: errored ? 'model exploded' : null,
          correct: !errored,
          total_ms: errored ? null : 4,
          priced_as: priceAs,
          cost_usd: priceAs ? 0.003 : null,
        }),
      );
    }
  }
  return rows;
}

function summaryOf(priceAs: string | null) {
  return ['recency', 'semantic'].flatMap((strategy) =>
    [1000, 4000].map((budget_tokens) =>
      summaryRow({
        strategy,
        budget_tokens,
        probes: 3,
        priced_as: priceAs,
        cost_per_exchange_usd: priceAs ? 0.002 * (budget_tokens / 1000) : null,
        mean_input_tokens: budget_tokens * 0.9,
      }),
    ),
  );
}

const count = (dom: string, re: RegExp) => dom.match(re)?.length ?? 0;

describeWith(MISSING.chromium, 'report.html in headless Chromium', () => {
  it('draws every chart, escapes the data, labels the offline reader and applies filters from the URL', () => {
    const dir = writeRun(join(tempDir(), 'run'), { results: fixtureRows(null), summary: summaryOf(null) });
    const file = writeReportHtml(readRunDir(dir));
    const html = readFileSync(file, 'utf8');
    // Self-contained: nothing to fetch.
    const markup = html.replace(/<script type="application\/json" id="memeval-data">[^<]*<\/script>/, '');
    expect(markup.length).toBeLessThan(html.length);
    expect(markup).not.toMatch(/<(link|img|iframe)\b|\ssrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).not.toContain('</script><img');

    const dom = dumpDom(file);
    expect(dom).toContain('data-rendered="true"');
    expect(count(dom, /<circle class="point"/g)).toBe(4);
    expect(dom).toContain('mean input tokens per exchange (no prices in this run)');
    expect(count(dom, /<rect class="bar"/g)).toBe(2 * 3 * 2 - 2); // accuracy: 3 kinds × 2 series; recall: abstain has no evidence
    expect(count(dom, /<circle class="latency-dot"/g)).toBe(11); // 12 probes, one errored without timing
    expect(count(dom, /class="pmark"/g)).toBe(4);
    expect(dom).toContain('12 of 12 probes shown');
    expect(dom).toMatch(/class="offline">Model <b>offline<\/b>: offline reader proxy.*not Claude's/);
    // The hostile question is shown as text, never parsed into elements.
    expect(dom).toContain(
      '&lt;/script&gt;&lt;img src=x onerror="document.title=\'pwned\'"&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(dom).not.toMatch(/<img\b/);
    expect(dom).not.toContain('<title>pwned');

    const filtered = dumpDom(file, '#strategy=semantic&correct=false');
    expect(filtered).toContain('1 of 12 probes shown');
    const visible = [...filtered.matchAll(/<tr class="(right|wrong|errored)"([^>]*)>/g)].filter(
      (m) => !m[2].includes('hidden'),
    );
    expect(visible).toHaveLength(1);
    expect(visible[0][2]).toContain('data-strategy="semantic"');
    expect(count(filtered, /<tr class="errored"[^>]*data-correct="error"[^>]*hidden/g)).toBe(1);
  });

  it('plots dollars per exchange when the run is priced, listing each probe once', () => {
    // As with --price-as on the offline reader: its own rows unpriced, one estimate row per probe.
    const results = fixtureRows(null).flatMap((r, i) => [r, fixtureRows('claude-haiku-4-5')[i]]);
    const dir = writeRun(join(tempDir(), 'run'), {
      results,
      summary: [...summaryOf(null), ...summaryOf('claude-haiku-4-5')],
    });
    const dom = dumpDom(writeReportHtml(readRunDir(dir)));
    expect(dom).toContain('cost per exchange (USD)');
    expect(count(dom, /<circle class="point"/g)).toBe(4);
    expect(dom).toContain('4 unpriced cell(s) are left out of this chart.');
    expect(dom).toMatch(
      /<title>recency · offline, budget 1000, priced as claude-haiku-4-5 \(estimate\): evidence recall 75\.0%, accuracy 80\.0%, \$0\.002\/exchange<\/title>/,
    );
    expect(dom).toContain('12 of 12 probes shown');
  });
});
