import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { costUsd, findPrice } from '../../src/models/pricing.js';
import { TIMING_COLUMNS } from '../../src/report/columns.js';
import { runMatrix } from '../../src/runner/run.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { memevalAsync, type CliResult } from '../helpers/cli.js';
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
    [
      'run',
      '--scenario',
      MINI,
      '--strategy',
      'recency',
      '--model',
      'claude-haiku-4-5',
      '--base-url',
      mock.url,
      '--max-retries',
      '1',
      '--timeout-ms',
      '5000',
      '--cache-dir',
      cacheDir,
      '--out',
      out,
      ...extra,
    ],
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

/** Every file under a folder. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Rows with the timing columns and `cached` blanked. */
function untimed(rows: Record<string, string>[]): Record<string, string>[] {
  return rows.map((row) => ({ ...row, ...Object.fromEntries([...TIMING_COLUMNS, 'cached'].map((c) => [c, ''])) }));
}

/**
 * One recorded run (two models side by side, Claude judge, --cache record) and its replay with
 * the server stopped and no key; the tests below read different parts of them. Shared because
 * each CLI run costs seconds.
 */
describe('a recorded run with two models and a Claude judge, then its replay', () => {
  const dirs = { recorded: '', replayed: '', cache: '' };
  let recorded: CliResult;
  let replayed: CliResult;
  let requests: MockAnthropic['requests'];
  beforeAll(async () => {
    const own = await startMockAnthropic();
    answerPlausibly(own);
    for (const k of Object.keys(dirs) as (keyof typeof dirs)[])
      dirs[k] = mkdtempSync(join(tmpdir(), `memeval-claude-${k}-`));
    const args = (out: string, extra: string[]) => [
      'run',
      '--scenario',
      MINI,
      '--strategy',
      'recency',
      '--model',
      'claude-haiku-4-5,claude-sonnet-4',
      '--judge',
      'claude:claude-haiku-4-5',
      '--base-url',
      own.url,
      '--cache-dir',
      dirs.cache,
      '--out',
      out,
      ...extra,
    ];
    recorded = await memevalAsync(args(dirs.recorded, ['--cache', 'record']), KEY);
    requests = own.requests;
    await own.close();
    replayed = await memevalAsync(args(dirs.replayed, ['--cache', 'replay']), {});
  });
  afterAll(() => {
    for (const d of Object.values(dirs)) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('both runs exit 0 with nothing on stderr', () => {
    expect([recorded.status, recorded.stderr]).toEqual([0, '']);
    expect([replayed.status, replayed.stderr]).toEqual([0, '']);
  });

  it('rows carry exact usage, per-class cost, stop reason and provider', () => {
    const rows = results(dirs.recorded);
    expect(rows).toHaveLength(6);
    const sent = requests.filter(
      (q) => q.path === '/v1/messages' && !JSON.stringify(q.body).includes('Answer yes or no only'),
    );
    expect(sent).toHaveLength(6);
    for (const row of rows) {
      const price = findPrice(row.model)!;
      expect(row.model_provider).toBe('anthropic');
      expect(row.usage_exact).toBe('true');
      expect(row.cached).toBe('false');
      expect(row.stop_reason).toBe('end_turn');
      expect(row.max_tokens_stop).toBe('false');
      expect(row.priced_as).toBe(price.id);
      expect(row.error).toBe('');
      const usage = {
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        cacheReadTokens: Number(row.cache_read_tokens),
        cacheWriteTokens: Number(row.cache_write_tokens),
      };
      expect(usage.inputTokens).toBeGreaterThan(10);
      expect(Number(row.cost_usd)).toBeCloseTo(costUsd(usage, price)!, 12);
    }
    // The usage in a row is the mock's for the request the chatbot actually sent.
    const first = sent.find((q) => q.body.model === 'claude-haiku-4-5')!;
    expect(Number(rows[0].input_tokens)).toBe(
      Math.ceil(JSON.stringify([first.body.system ?? '', first.body.messages]).length / 4),
    );
    // The mock answers from the context, so the run scores like a reader would.
    expect(rows.slice(0, 3).map((row) => [row.model, row.probe_id, row.answer, row.correct])).toEqual([
      ['claude-haiku-4-5', 'city', 'I live in Lisbon and work as a nurse.', 'true'],
      ['claude-haiku-4-5', 'sister', 'My sister is called Marta.', 'true'],
      ['claude-haiku-4-5', 'pet', "I don't know.", 'true'],
    ]);
    const m = manifest(dirs.recorded);
    expect(m.models).toEqual([
      expect.objectContaining({ id: 'claude-haiku-4-5', provider: 'anthropic' }),
      expect.objectContaining({ id: 'claude-sonnet-4', provider: 'anthropic' }),
    ]);
    expect(m.providers.cache).toMatchObject({ mode: 'record', hits: 0, misses: 0, recorded: 12 });
    expect(m.providers.spendUsd.chat).toBeCloseTo(
      rows.reduce((s, row) => s + Number(row.cost_usd), 0),
      8,
    );
    expect(m.providers.summarizer).toMatchObject({ spec: 'offline', provider: 'offline' });
    expect(m.providers.costs.models.map((c: any) => [c.id, c.usage, c.priced])).toEqual([
      ['claude-haiku-4-5', 'exact', true],
      ['claude-sonnet-4', 'exact', true],
    ]);
  });

  it('--judge claude:<model> judges through the mock, its tokens and dollars apart from the chatbot', () => {
    const rows = results(dirs.recorded);
    const price = findPrice('claude-haiku-4-5')!;
    for (const row of rows) {
      expect(row.judge).toBe('claude:claude-haiku-4-5');
      expect(row.correct).toBe('true');
      const judgeUsage = {
        inputTokens: Number(row.judge_input_tokens),
        outputTokens: Number(row.judge_output_tokens),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      };
      expect(judgeUsage.inputTokens).toBeGreaterThan(0);
      expect(row.judge_input_tokens).not.toBe(row.input_tokens);
      expect(Number(row.judge_cost_usd)).toBeCloseTo(costUsd(judgeUsage, price)!, 12);
    }
    const judgeCalls = requests.filter((q) => JSON.stringify(q.body).includes('Answer yes or no only'));
    expect(judgeCalls).toHaveLength(6);
    expect(judgeCalls.every((q) => q.body.model === 'claude-haiku-4-5')).toBe(true);
    // The abstention probe gets the abstention prompt.
    expect(judgeCalls.filter((q) => JSON.stringify(q.body).includes('cannot be answered'))).toHaveLength(2);
    const m = manifest(dirs.recorded);
    expect(m.providers.judge).toEqual({ model: 'claude-haiku-4-5', provider: 'anthropic', promptVersion: 'judge-v1' });
    expect(m.providers.spendUsd.judge).toBeCloseTo(
      rows.reduce((s, row) => s + Number(row.judge_cost_usd), 0),
      8,
    );
  });

  it('two models give a summary row each and the compact side-by-side view', () => {
    const summary = parseCsvRecords(readFileSync(join(only(dirs.recorded), 'summary.csv'), 'utf8'));
    expect(summary.map((s) => s.model)).toEqual(['claude-haiku-4-5', 'claude-sonnet-4']);
    const lines = recorded.stdout.split('\n');
    expect(recorded.stdout).toContain('models side by side');
    expect(lines.find((l) => l.startsWith('strategy') && l.includes('metric'))).toMatch(
      /claude-haiku-4-5\s+claude-sonnet-4$/,
    );
    const costLine = lines.find((l) => l.includes('$/exchange') && l.startsWith('recency'))!;
    const [haiku, sonnet] = costLine.match(/\$\d+\.\d+/g)!.map((v) => Number(v.slice(1)));
    // Same prompts, similar tokens; Sonnet 4's list price is 3× Haiku 4.5's.
    expect(sonnet / haiku).toBeGreaterThan(2.5);
    for (const metric of ['accuracy', 'evidence', 'p50/p95 ms']) expect(recorded.stdout).toContain(metric);
  });

  it('the replay (server stopped, no key) gives the same rows, cached=true, cost kept, no latency sample', () => {
    const [a, b] = [results(dirs.recorded), results(dirs.replayed)];
    expect(untimed(b)).toEqual(untimed(a));
    expect(b.every((row) => row.cached === 'true' && Number(row.cost_usd) > 0)).toBe(true);
    const summary = parseCsvRecords(readFileSync(join(only(dirs.replayed), 'summary.csv'), 'utf8'));
    expect(summary.map((s) => [s.total_p50_ms, s.cost_per_exchange_usd !== ''])).toEqual([
      ['', true],
      ['', true],
    ]);
    const m = manifest(dirs.replayed);
    expect(m.providers.cache).toMatchObject({ mode: 'replay', hits: 12, misses: 0, recorded: 0 });
    expect(m.providers.spendUsd.total).toBe(0);
  });

  it('the key appears in no file of either run or the cache, nor on stdout or stderr', () => {
    const written = [...files(dirs.recorded), ...files(dirs.replayed), ...files(dirs.cache)];
    expect(written.length).toBeGreaterThan(12);
    for (const f of written) expect(readFileSync(f, 'utf8')).not.toContain(CANARY_KEY);
    for (const r of [recorded, replayed]) expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
  });
});

describe('memeval run against a failing Messages API', () => {
  it('401 echoing the key, 429 and 529 after retries: error rows, key redacted, exit 3', async () => {
    // Probe 1: a 401 whose body repeats the key (not retried); probes 2 and 3: two attempts each (--max-retries 1).
    mock.script(
      { kind: 'echo-auth' },
      { kind: 'rate-limit' },
      { kind: 'rate-limit' },
      { kind: 'overloaded' },
      { kind: 'overloaded' },
    );
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache);
    expect(r.status).toBe(3);
    const rows = results(out);
    expect(rows.map((row) => row.error)).toEqual([
      expect.stringMatching(/redacted/),
      expect.stringMatching(/429/),
      expect.stringMatching(/529|overloaded/i),
    ]);
    for (const row of rows) expect(row.cost_usd).toBe('');
    expect(mock.requests.filter((q) => q.path === '/v1/messages')).toHaveLength(5);
    expect(manifest(out).providers.cache).toMatchObject({ recorded: 0 });
    for (const f of [...files(out), ...files(cache)]) expect(readFileSync(f, 'utf8')).not.toContain(CANARY_KEY);
    expect(r.stdout + r.stderr).not.toContain(CANARY_KEY);
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

  it('a missing key for the judge or the summariser is caught in planning too; replay needs none and misses become error rows', async () => {
    const base = {
      scenarios: [MINI],
      strategies: ['recency'],
      outDir: tempDir(),
      log: () => {},
      claude: { anthropic: { env: {} } },
    };
    await expect(runMatrix({ ...base, judge: 'claude:claude-haiku-4-5' })).rejects.toMatchObject({
      code: 'MISSING_API_KEY',
    });
    await expect(runMatrix({ ...base, summarizer: 'claude:claude-haiku-4-5' })).rejects.toMatchObject({
      code: 'MISSING_API_KEY',
    });
    await expect(runMatrix({ ...base, models: ['claude-haiku-4-5'] })).rejects.toMatchObject({
      code: 'MISSING_API_KEY',
    });
    expect(readdirSync(base.outDir)).toEqual([]);
    const replay = await runMatrix({
      ...base,
      models: ['claude-haiku-4-5'],
      outDir: null,
      claude: { ...base.claude, cache: { mode: 'replay' as const, dir: tempDir() } },
    });
    expect(replay.rows).toHaveLength(3);
    for (const row of replay.rows) expect(row.error).toMatch(/no recording for this request in --cache replay mode/);
    expect(mock.requests).toHaveLength(0);
  });

  it('--prompt-cache: cache-read tokens are priced at their own rate', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    expect((await run(out, cache, ['--prompt-cache'])).status).toBe(0);
    const price = findPrice('claude-haiku-4-5')!;
    for (const row of results(out)) {
      expect(row.cache_read_tokens).toBe('40');
      const usage = {
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        cacheReadTokens: 40,
        cacheWriteTokens: 0,
      };
      expect(Number(row.cost_usd)).toBeCloseTo(costUsd(usage, price)!, 12);
    }
    expect(manifest(out).providers.promptCache).toBe(true);
  });
});

describe('memeval run --summarizer claude:<model>', () => {
  it('strategies summarise through Claude on the summary account; run.json names the summariser', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const strategy = join(import.meta.dirname, '../fixtures/strategies/summarizes-history.ts');
    const r = await memevalAsync(
      [
        'run',
        '--scenario',
        MINI,
        '--strategy',
        strategy,
        '--model',
        'offline',
        '--summarizer',
        'claude:claude-haiku-4-5',
        '--base-url',
        mock.url,
        '--cache-dir',
        cache,
        '--out',
        out,
      ],
      KEY,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // All three probes see the same history: one real call, then two replays from the cache.
    const summaries = mock.requests.filter((q) => JSON.stringify(q.body).includes('Conversation to compress'));
    expect(summaries).toHaveLength(1);
    const m = manifest(out);
    expect(m.providers.cache).toMatchObject({ hits: 2, misses: 1, recorded: 1 });
    expect(m.providers.cache.models).toEqual([
      expect.objectContaining({ model: 'claude-haiku-4-5', role: 'summary', hits: 2 }),
    ]);
    expect(m.providers.summarizer).toEqual({
      spec: 'claude:claude-haiku-4-5',
      id: 'claude-haiku-4-5:summary-v1',
      provider: 'anthropic',
      promptVersion: 'summary-v1',
    });
    expect(m.providers.spendUsd.summary).toBeGreaterThan(0);
    expect(m.providers.spendUsd.chat).toBe(0);
    expect(m.cells[0].strategyInfo.summarizer).toBe('claude-haiku-4-5:summary-v1');
    // The chat model stayed offline: its rows say so.
    expect(results(out).every((row) => row.model_provider === 'offline')).toBe(true);
  });

  it('a bad --summarizer is a usage error before anything is written', async () => {
    const outDir = tempDir();
    await expect(
      runMatrix({ scenarios: [MINI], strategies: ['recency'], summarizer: 'gpt-4', outDir }),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/--summarizer "gpt-4"/) });
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('stop reasons and prices', () => {
  it('a max_tokens stop is flagged; a Claude model missing from the pricing file gets exact usage, empty cost, one warning — never $0', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    // The first reply is cut off at max_tokens.
    mock.script({ kind: 'ok', text: 'I live in Lis', stopReason: 'max_tokens' });
    // run() also passes claude-haiku-4-5: the unpriced model sits next to a priced one.
    const r = await run(out, cache, ['--model', 'claude-imaginary-9']);
    expect(r.status).toBe(0);
    expect(r.stderr.match(/no price for model/g)).toHaveLength(1);
    expect(r.stderr).toContain('no price for model "claude-imaginary-9"');
    const all = results(out);
    expect(all.map((row) => row.max_tokens_stop)).toEqual(['true', 'false', 'false', 'false', 'false', 'false']);
    expect(all[0].stop_reason).toBe('max_tokens');
    const rows = all.filter((row) => row.model === 'claude-imaginary-9');
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
  it('refuses every call whose most possible cost does not fit under the cap: SPEND_CAP error rows, exit 3, nothing sent', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    // $0.00001 is less than any call's bound (max_tokens of output alone costs more).
    const r = await run(out, cache, ['--max-cost-usd', '0.00001']);
    expect(r.status).toBe(3);
    const rows = results(out);
    expect(rows.map((row) => row.error)).toEqual([
      expect.stringMatching(
        /spend cap reached: \$0\.0000 of --max-cost-usd 0\.00001, and this call could cost up to \$/,
      ),
      expect.stringMatching(/spend cap reached/),
      expect.stringMatching(/spend cap reached/),
    ]);
    expect(mock.requests).toHaveLength(0);
    expect(manifest(out).providers.spendUsd).toMatchObject({ maxCostUsd: 0.00001, total: 0 });
  });

  it('charges what a call really cost once it is back, so the next call fits again', async () => {
    const [out, cache] = [tempDir(), tempDir()];
    const r = await run(out, cache, ['--max-cost-usd', '0.05']);
    expect(r.status).toBe(0);
    const rows = results(out);
    expect(rows.map((row) => row.error)).toEqual(['', '', '']);
    expect(mock.requests).toHaveLength(3);
    const total = rows.reduce((sum, row) => sum + Number(row.cost_usd), 0);
    expect(manifest(out).providers.spendUsd.total).toBeCloseTo(total, 12);
  });
});
