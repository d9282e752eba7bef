import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costUsd, findPrice } from '../../src/models/pricing.js';
import type { ResultRow } from '../../src/report/columns.js';
import { readSummary } from '../../src/report/read.js';
import { formatSummaryTable } from '../../src/report/table.js';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { startMockAnthropic, type MockAnthropic } from '../helpers/mock-anthropic.js';
import { answerPlausibly } from '../helpers/mock-reader.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
// Compaction before, between and after its two probes.
const SCENARIO = join(import.meta.dirname, '../fixtures/scenarios/summarizer-spend.yaml');
const SUMMARISER = 'claude-haiku-4-5';
// Thresholds low enough that the scenario's few turns are compacted, differently per cell.
const EAGER = 'summary:thresholdTokens=20,keepRecentTokens=5,summaryTokens=40';
const EAGER_LABEL = 'summary[keepRecentTokens=5,summaryTokens=40,thresholdTokens=20]';
const LATER = 'summary:thresholdTokens=45,keepRecentTokens=10,summaryTokens=40';

let mock: MockAnthropic;
beforeEach(async () => {
  mock = answerPlausibly(await startMockAnthropic());
});
afterEach(async () => {
  await mock.close();
});

function options(strategies: string[], outDir: string | null): RunOptions {
  return {
    scenarios: [SCENARIO],
    strategies,
    models: ['offline'],
    summarizer: `claude:${SUMMARISER}`,
    concurrency: 3,
    outDir,
    log: () => {},
    // Cache off: every summary is a real call, so run.json's spend and the rows must agree.
    claude: { anthropic: { apiKey: CANARY_KEY, baseURL: mock.url, maxRetries: 0 }, cache: { mode: 'off' } },
  };
}

const summaryCalls = (m: MockAnthropic) =>
  m.requests.filter((q) => JSON.stringify(q.body).includes('Conversation to compress'));

function cellSpend(rows: readonly ResultRow[], strategy: string) {
  const mine = rows.filter((r) => r.strategy === strategy);
  return {
    inputTokens: mine.reduce((n, r) => n + Number(r.summary_input_tokens), 0),
    outputTokens: mine.reduce((n, r) => n + Number(r.summary_output_tokens), 0),
    costUsd: mine.reduce((n, r) => n + Number(r.summary_cost_usd), 0),
  };
}

describe('Claude summariser spend per cell', () => {
  it('is charged to the cell whose compaction asked for it, apart from the chatbot, and shown per exchange in summary.csv', async () => {
    const out = tempDir();
    const result = await runMatrix(options(['recency', EAGER, LATER], out));
    const calls = summaryCalls(mock);
    expect(calls.length).toBeGreaterThan(1);
    const price = findPrice(SUMMARISER)!;
    const mockUsage = calls.map((q) => {
      const text = q.body.messages[0].content.slice(0, 200);
      return {
        inputTokens: Math.ceil(JSON.stringify([q.body.system ?? '', q.body.messages]).length / 4),
        outputTokens: Math.max(1, Math.ceil(text.length / 4)),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      };
    });

    // Each probe row carries the calls since the previous probe (the last also those after it).
    const eagerRows = result.rows.filter((r) => r.strategy === EAGER_LABEL);
    expect(eagerRows.map((r) => r.probe_id)).toEqual(['city', 'sister']);
    expect(eagerRows.every((r) => Number(r.summary_input_tokens) > 0 && Number(r.summary_cost_usd) > 0)).toBe(true);
    // The chatbot's own columns stay the offline reader's: unpriced, never the summariser's.
    expect(eagerRows.every((r) => r.cost_usd === null && r.model_provider === 'offline')).toBe(true);

    // Every summary call is in exactly one row: the rows add up to what the API reported and to run.json's summary spend.
    const eager = cellSpend(result.rows, EAGER_LABEL);
    const later = cellSpend(result.rows, 'summary[keepRecentTokens=10,summaryTokens=40,thresholdTokens=45]');
    expect(eager.inputTokens).toBeGreaterThan(later.inputTokens);
    expect(later.inputTokens).toBeGreaterThan(0);
    expect(eager.inputTokens + later.inputTokens).toBe(mockUsage.reduce((n, u) => n + u.inputTokens, 0));
    expect(eager.outputTokens + later.outputTokens).toBe(mockUsage.reduce((n, u) => n + u.outputTokens, 0));
    const spent = mockUsage.reduce((n, u) => n + costUsd(u, price)!, 0);
    expect(eager.costUsd + later.costUsd).toBeCloseTo(spent, 8);
    expect((result.manifest.providers as { spendUsd: { summary: number } }).spendUsd.summary).toBeCloseTo(spent, 8);
    expect(cellSpend(result.rows, 'recency')).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });

    // summary.csv: per exchange, beside the chatbot's cost (empty: the offline reader is unpriced).
    const summary = readSummary(join(result.runDir!, 'summary.csv'));
    const row = summary.find((r) => r.strategy === EAGER_LABEL)!;
    expect(row.cost_per_exchange_usd).toBeNull();
    expect(row.summary_cost_per_exchange_usd).toBeCloseTo(eager.costUsd / Number(row.probes), 9);
    expect(row.mean_summary_input_tokens).toBeCloseTo(eager.inputTokens / Number(row.probes), 1);
    expect(summary.find((r) => r.strategy === 'recency')).toMatchObject({
      mean_summary_input_tokens: 0,
      summary_cost_per_exchange_usd: 0,
    });
    expect(formatSummaryTable(summary).split('\n')[0]).toMatch(/\$\/exchange {2}summ\. \$\/exch/);
    expect(readFileSync(join(result.runDir!, 'summary.csv'), 'utf8').split('\n')[0]).toContain(
      'mean_summary_input_tokens,mean_summary_output_tokens,summary_cost_per_exchange_usd',
    );

    // Cells running side by side keep their own counts: each equals that strategy run alone.
    const alone = await runMatrix(options([EAGER], null));
    expect(cellSpend(alone.rows, EAGER_LABEL)).toEqual(eager);
  });
});
