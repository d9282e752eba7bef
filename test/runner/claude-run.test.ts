import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costUsd, findPrice } from '../../src/models/pricing.js';
import { TIMING_COLUMNS } from '../../src/report/columns.js';
import { runEval } from '../../src/runner/run.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { memevalAsync } from '../helpers/cli.js';
import { parseCsvRecords } from '../helpers/csv.js';
import { startMockAnthropic, type MockAnthropic } from '../helpers/mock-anthropic.js';
import { answerPlausibly } from '../helpers/mock-reader.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const MINI = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
const KEY = { ANTHROPIC_API_KEY: CANARY_KEY };

let mock: MockAnthropic;
beforeEach(async () => {
  mock = answerPlausibly(await startMockAnthropic());
});
afterEach(async () => {
  await mock.close();
});

/** `memeval run` over the mini scenario with recency against the mock, fast retries, its own cache and out dirs. */
function run(out: string, cacheDir: string, extra: string[] = [], env: Record<string, string> = KEY) {
  return memevalAsync(
    ['run', '--scenario', MINI, '--strategy', 'recency', '--model', 'claude-haiku-4-5', '--base-url', mock.url, '--max-retries', '1', '--timeout-ms', '5000', '--cache-dir', cacheDir, '--out', out, ...extra],
    env,
  );
}

function only(dir: string): string {
  const dirs = readdirSync(dir);
  expect(dirs).toHaveLength(1);
  return join(dir, dirs[0]);
}

function results(out: string): Record<string, string>[] {
  return parseCsvRecords(readFileSync(join(only(out), 'results.csv'), 'utf8'));
}

function manifest(out: string): any {
  return JSON.parse(readFileSync(join(only(out), 'run.json'), 'utf8'));
}

describe('memeval run --model <claude id> against the mock Messages API', () => {
  it('fills exact usage, per-class cost, stop reason and provider; records the calls', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = results(out);
    expect(rows).toHaveLength(3);
    const price = findPrice('claude-haiku-4-5')!;
    for (const row of rows) {
      expect(row.model).toBe('claude-haiku-4-5');
      expect(row.model_provider).toBe('anthropic');
      expect(row.usage_exact).toBe('true');
      expect(row.cached).toBe('false');
      expect(row.stop_reason).toBe('end_turn');
      expect(row.max_tokens_stop).toBe('false');
      expect(row.priced_as).toBe(price.id);
      expect(row.error).toBe('');
      const usage = { inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), cacheReadTokens: Number(row.cache_read_tokens), cacheWriteTokens: Number(row.cache_write_tokens) };
      expect(usage.inputTokens).toBeGreaterThan(10);
      expect(Number(row.cost_usd)).toBeCloseTo(costUsd(usage, price)!, 12);
    }
    // The mock answers from the context, so the run scores like a reader would.
    expect(rows.map((row) => [row.probe_id, row.answer, row.correct])).toEqual([
      ['city', 'I live in Lisbon and work as a nurse.', 'true'],
      ['sister', 'My sister is called Marta.', 'true'],
      ['pet', "I don't know.", 'true'],
    ]);
    // The usage in the row is the mock's for the request the chatbot actually sent.
    const sent = mock.requests.filter((q) => q.path === '/v1/messages');
    expect(sent).toHaveLength(3);
    expect(Number(rows[0].input_tokens)).toBe(Math.ceil(JSON.stringify([sent[0].body.system ?? '', sent[0].body.messages]).length / 4));
    const m = manifest(out);
    expect(m.models).toEqual([expect.objectContaining({ id: 'claude-haiku-4-5', provider: 'anthropic' })]);
    expect(m.providers.cache).toMatchObject({ mode: 'auto', hits: 0, misses: 3, recorded: 3 });
    expect(m.providers.spendUsd.chat).toBeCloseTo(rows.reduce((s, row) => s + Number(row.cost_usd), 0), 8);
    expect(m.providers.spendUsd.judge).toBe(0);
    expect(m.providers.summarizer).toMatchObject({ spec: 'offline', provider: 'offline' });
    expect(m.providers.costs.models).toEqual([expect.objectContaining({ id: 'claude-haiku-4-5', usage: 'exact', priced: true })]);
  });

  it('--prompt-cache: cache-read tokens are priced at their own rate', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    expect((await run(out, cache, ['--prompt-cache'])).status).toBe(0);
    const price = findPrice('claude-haiku-4-5')!;
    for (const row of results(out)) {
      expect(row.cache_read_tokens).toBe('40');
      const usage = { inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), cacheReadTokens: 40, cacheWriteTokens: 0 };
      expect(Number(row.cost_usd)).toBeCloseTo(costUsd(usage, price)!, 12);
    }
    expect(manifest(out).providers.promptCache).toBe(true);
  });

  it('--cache record, then --cache replay with the server stopped and no key: the same rows, cached=true', async () => {
    const [a, b, cache] = [tempDir(), tempDir(), tempDir()];
    expect((await run(a, cache, ['--cache', 'record'])).status).toBe(0);
    await mock.close();
    const r = await run(b, cache, ['--cache', 'replay'], {});
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const blank = (rows: Record<string, string>[]) => rows.map((row) => ({ ...row, ...Object.fromEntries([...TIMING_COLUMNS, 'cached'].map((c) => [c, ''])) }));
    const [recorded, replayed] = [results(a), results(b)];
    expect(blank(replayed)).toEqual(blank(recorded));
    expect(recorded.every((row) => row.cached === 'false')).toBe(true);
    expect(replayed.every((row) => row.cached === 'true')).toBe(true);
    expect(replayed.every((row) => Number(row.cost_usd) > 0)).toBe(true);
    // Replayed calls are no latency sample: the summary leaves the percentiles empty.
    const summary = parseCsvRecords(readFileSync(join(only(b), 'summary.csv'), 'utf8'));
    expect(summary[0].total_p50_ms).toBe('');
    expect(summary[0].cost_per_exchange_usd).not.toBe('');
    const m = manifest(b);
    expect(m.providers.cache).toMatchObject({ mode: 'replay', hits: 3, misses: 0, recorded: 0 });
    expect(m.providers.spendUsd.total).toBe(0);
  });

  it('--cache replay with a miss: error rows, the run goes on, exit 3', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache, ['--cache', 'replay'], {});
    expect(r.status).toBe(3);
    const rows = results(out);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.error).toMatch(/no recording for this request in --cache replay mode/);
    expect(mock.requests).toHaveLength(0);
  });

  it('429 and 529 on every attempt: error rows after the retries, exit 3', async () => {
    // Two attempts per probe (--max-retries 1): probes 1 and 3 hit rate limits, probe 2 overload.
    mock.script(...(['rate-limit', 'rate-limit', 'overloaded', 'overloaded', 'rate-limit', 'rate-limit'] as const).map((kind) => ({ kind })));
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache);
    expect(r.status).toBe(3);
    const rows = results(out);
    expect(rows.map((row) => row.error)).toEqual([expect.stringMatching(/429/), expect.stringMatching(/529|overloaded/i), expect.stringMatching(/429/)]);
    for (const row of rows) expect(row.cost_usd).toBe('');
    expect(mock.requests.filter((q) => q.path === '/v1/messages')).toHaveLength(6);
    expect(manifest(out).providers.cache).toMatchObject({ recorded: 0 });
  });

  it('without a key (and not replaying): exit 2, nothing run, no report folder', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(join(out, 'reports'), cache, [], {});
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ANTHROPIC_API_KEY/);
    expect(existsSync(join(out, 'reports'))).toBe(false);
    expect(readdirSync(cache)).toEqual([]);
    expect(mock.requests).toHaveLength(0);
  });

  it('a missing key for the judge or the summariser alone is caught in planning too', async () => {
    const base = { scenarios: [MINI], strategies: ['recency'], outDir: tempDir(), log: () => {}, claude: { anthropic: { env: {} } } };
    await expect(runEval({ ...base, judge: 'claude:claude-haiku-4-5' })).rejects.toMatchObject({ code: 'MISSING_API_KEY' });
    await expect(runEval({ ...base, summarizer: 'claude:claude-haiku-4-5' })).rejects.toMatchObject({ code: 'MISSING_API_KEY' });
    expect(readdirSync(base.outDir)).toEqual([]);
    // Replay needs no key: planning succeeds (and the run then misses the empty cache).
    await expect(runEval({ ...base, judge: 'claude:claude-haiku-4-5', outDir: null, claude: { ...base.claude, cache: { mode: 'replay' as const, dir: tempDir() } } })).resolves.toBeTruthy();
  });

  it('the key never appears in the run folder, the cache folder, stdout or stderr — even when an error body echoes it', async () => {
    mock.script({ kind: 'echo-auth' });
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache, ['--judge', 'claude:claude-haiku-4-5']);
    expect(r.status).toBe(3);
    expect(results(out)[0].error).toMatch(/redacted/);
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const written = [...files(out), ...files(cache)];
    expect(written.length).toBeGreaterThan(3);
    for (const f of written) expect(readFileSync(f, 'utf8')).not.toContain(CANARY_KEY);
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY.slice(0, 16));
  });
});

describe('memeval run --judge claude:<model>', () => {
  it('judges through the mock and fills the judge columns apart from the chatbot', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache, ['--judge', 'claude:claude-haiku-4-5']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = results(out);
    const price = findPrice('claude-haiku-4-5')!;
    for (const row of rows) {
      expect(row.judge).toBe('claude:claude-haiku-4-5');
      expect(row.correct).toBe('true');
      expect(Number(row.judge_input_tokens)).toBeGreaterThan(0);
      const judgeUsage = { inputTokens: Number(row.judge_input_tokens), outputTokens: Number(row.judge_output_tokens), cacheReadTokens: 0, cacheWriteTokens: 0 };
      expect(Number(row.judge_cost_usd)).toBeCloseTo(costUsd(judgeUsage, price)!, 12);
      expect(row.judge_input_tokens).not.toBe(row.input_tokens);
    }
    const judgeCalls = mock.requests.filter((q) => q.path === '/v1/messages' && JSON.stringify(q.body).includes('Answer yes or no only'));
    expect(judgeCalls).toHaveLength(3);
    // The abstention probe gets the abstention prompt.
    expect(judgeCalls.filter((q) => JSON.stringify(q.body).includes('cannot be answered'))).toHaveLength(1);
    const m = manifest(out);
    expect(m.providers.judge).toEqual({ model: 'claude-haiku-4-5', provider: 'anthropic', promptVersion: 'judge-v1' });
    expect(m.providers.spendUsd.judge).toBeCloseTo(rows.reduce((s, row) => s + Number(row.judge_cost_usd), 0), 8);
    expect(m.providers.spendUsd.chat).toBeGreaterThan(0);
  });
});

describe('models side by side', () => {
  it('two Claude models give a summary row each and the compact comparison', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache, ['--model', 'claude-haiku-4-5,claude-sonnet-4-5']);
    expect(r.status).toBe(0);
    const summary = parseCsvRecords(readFileSync(join(only(out), 'summary.csv'), 'utf8'));
    expect(summary.map((s) => s.model)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-5']);
    expect(r.stdout).toContain('models side by side');
    const header = r.stdout.split('\n').find((l) => l.startsWith('strategy') && l.includes('metric'))!;
    expect(header).toMatch(/claude-haiku-4-5\s+claude-sonnet-4-5$/);
    const costLine = r.stdout.split('\n').find((l) => l.includes('$/exchange') && l.startsWith('recency'))!;
    const [haiku, sonnet] = costLine.match(/\$\d+\.\d+/g)!.map((v) => Number(v.slice(1)));
    // Same tokens, Sonnet's list price is 3× Haiku's.
    expect(sonnet).toBeCloseTo(haiku * 3, 5);
    for (const metric of ['accuracy', 'evidence', 'p50/p95 ms']) expect(r.stdout).toContain(metric);
  });
});

describe('memeval run --summarizer claude:<model>', () => {
  it('strategies summarise through Claude on the summary account; run.json names the summariser', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const strategy = join(import.meta.dirname, '../fixtures/strategies/summarizes-history.ts');
    const r = await memevalAsync(
      ['run', '--scenario', MINI, '--strategy', strategy, '--model', 'offline', '--summarizer', 'claude:claude-haiku-4-5', '--base-url', mock.url, '--cache-dir', cache, '--out', out],
      KEY,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // All three probes see the same history: one real call, then two replays from the cache.
    const summaries = mock.requests.filter((q) => JSON.stringify(q.body).includes('Conversation to compress'));
    expect(summaries).toHaveLength(1);
    const m = manifest(out);
    expect(m.providers.cache).toMatchObject({ hits: 2, misses: 1, recorded: 1 });
    expect(m.providers.cache.models).toEqual([expect.objectContaining({ model: 'claude-haiku-4-5', role: 'summary', hits: 2 })]);
    expect(m.providers.summarizer).toEqual({ spec: 'claude:claude-haiku-4-5', id: 'claude-haiku-4-5:summary-v1', provider: 'anthropic', promptVersion: 'summary-v1' });
    expect(m.providers.spendUsd.summary).toBeGreaterThan(0);
    expect(m.providers.spendUsd.chat).toBe(0);
    expect(m.cells[0].strategyInfo.summarizer).toBe('claude-haiku-4-5:summary-v1');
    // The chat model stayed offline: its rows say so.
    expect(results(out).every((row) => row.model_provider === 'offline')).toBe(true);
  });

  it('a bad --summarizer is a usage error before anything is written', async () => {
    const outDir = tempDir();
    await expect(runEval({ scenarios: [MINI], strategies: ['recency'], summarizer: 'gpt-4', outDir })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/--summarizer "gpt-4"/) });
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('stop reasons and prices', () => {
  it('a max_tokens stop is flagged in its own column', async () => {
    mock.script({ kind: 'ok', text: 'I live in Lis', stopReason: 'max_tokens' });
    const [out, cache] = [tempDir(), tempDir()];
    expect((await run(out, cache)).status).toBe(0);
    const rows = results(out);
    expect([rows[0].stop_reason, rows[0].max_tokens_stop]).toEqual(['max_tokens', 'true']);
    expect([rows[1].stop_reason, rows[1].max_tokens_stop]).toEqual(['end_turn', 'false']);
  });

  it('a Claude model missing from the pricing file: exact usage, empty cost, one warning — never $0', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    // run() also passes claude-haiku-4-5: the unpriced model sits next to a priced one.
    const r = await run(out, cache, ['--model', 'claude-imaginary-9']);
    expect(r.status).toBe(0);
    expect(r.stderr.match(/no price for model/g)).toHaveLength(1);
    expect(r.stderr).toContain('no price for model "claude-imaginary-9"');
    const rows = results(out).filter((row) => row.model === 'claude-imaginary-9');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.cost_usd).toBe('');
      expect(row.priced_as).toBe('');
      expect(Number(row.input_tokens)).toBeGreaterThan(0);
    }
    const summary = parseCsvRecords(readFileSync(join(only(out), 'summary.csv'), 'utf8'));
    expect(summary.map((s) => [s.model, s.cost_per_exchange_usd === ''])).toEqual([
      ['claude-haiku-4-5', false],
      ['claude-imaginary-9', true],
    ]);
  });
});

describe('memeval run --max-cost-usd', () => {
  it('refuses new calls once the cap is reached: SPEND_CAP error rows, exit 3', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache, ['--max-cost-usd', '0.00001']);
    expect(r.status).toBe(3);
    const rows = results(out);
    expect(rows[0].error).toBe('');
    expect(rows.slice(1).map((row) => row.error)).toEqual([expect.stringMatching(/spend cap reached/), expect.stringMatching(/spend cap reached/)]);
    expect(mock.requests).toHaveLength(1);
    expect(manifest(out).providers.spendUsd).toMatchObject({ maxCostUsd: 0.00001, total: Number(rows[0].cost_usd) });
  });
});
