import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { estimateTokens } from '../../src/tokens.js';
import { CANARY_KEY, rejection } from '../helpers/anthropic.js';
import { memevalAsync } from '../helpers/cli.js';
import { startMockAnthropic, type MockAnthropic } from '../helpers/mock-anthropic.js';
import { answerPlausibly } from '../helpers/mock-reader.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const MINI = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
/** Ten times the estimate: a tokenizer far from 4 characters a token, so the budget visibly follows it. */
const TENFOLD = (body: any) => 10 * estimateTokens(String(body?.messages?.[0]?.content ?? ''));

let mock: MockAnthropic;
beforeEach(async () => {
  mock = answerPlausibly(await startMockAnthropic());
  mock.defaultCount = TENFOLD;
});
afterEach(async () => {
  await mock.close();
});

/** runMatrix over the mini scenario with recency on claude-haiku-4-5 against the mock. */
function options(
  out: string,
  cacheDir: string,
  extra: Partial<RunOptions> = {},
  cache: 'record' | 'replay' | 'off' = 'record',
): RunOptions {
  return {
    scenarios: [MINI],
    strategies: ['recency'],
    models: ['claude-haiku-4-5'],
    budgets: [120],
    outDir: out,
    log: () => {},
    claude: {
      anthropic: {
        apiKey: cache === 'replay' ? '' : CANARY_KEY,
        baseURL: mock.url,
        maxRetries: 1,
        timeoutMs: 5_000,
        env: {},
      },
      cache: { mode: cache, dir: cacheDir },
    },
    ...extra,
  };
}

const counted = (m: MockAnthropic) => m.requests.filter((r) => r.path === '/v1/messages/count_tokens');
const asked = (m: MockAnthropic) => m.requests.filter((r) => r.path === '/v1/messages');

/** Every stored message of a run's kept cell databases: content and token_count. */
function storedCounts(runDir: string): { content: string; token_count: number }[] {
  const dir = join(runDir, 'db');
  return readdirSync(dir).flatMap((f) => {
    const db = new Database(join(dir, f), { readonly: true });
    try {
      return db.prepare('SELECT content, token_count FROM messages ORDER BY id').all() as {
        content: string;
        token_count: number;
      }[];
    } finally {
      db.close();
    }
  });
}

/** Rows without the timing columns and `cached`. */
const untimed = (rows: Record<string, unknown>[]) =>
  rows.map(({ strategy_ms, model_ms, total_ms, cached, ...rest }) => rest);

describe('--token-count exact', () => {
  it('stores the count_tokens counts and budgets with them: fewer turns fit than with the estimate', async () => {
    const cache = tempDir();
    const estimate = await runMatrix(options(tempDir(), cache, { tokenCount: 'estimate' }));
    expect(counted(mock)).toHaveLength(0);
    const estimateSent = asked(mock).map((r) => r.body.messages.length);
    mock.requests.length = 0;

    const exact = await runMatrix(options(tempDir(), cache, { tokenCount: 'exact', keepDb: true }));
    const stored = storedCounts(exact.runDir!);
    expect(stored.length).toBeGreaterThan(0);
    for (const m of stored) expect(m.token_count).toBe(10 * estimateTokens(m.content));
    // One count per stored message, each as a lone user message to the cell's model.
    expect(counted(mock)).toHaveLength(stored.length);
    for (const r of counted(mock))
      expect([r.body.model, r.body.messages.length, r.body.messages[0].role]).toEqual(['claude-haiku-4-5', 1, 'user']);

    // Under the same 120-token budget, the tenfold counts leave room for the newest turn only.
    const newest = 'I moved my office to Braga last week.';
    expect(asked(mock).map((r) => r.body.messages.length)).toEqual([1, 1, 1]);
    expect(estimateSent.every((n) => n > 1)).toBe(true);
    expect(asked(mock)[0].body.messages[0].content).toContain(newest);
    // context_tokens adds up the stored exact count and the estimated date label.
    expect(exact.rows.map((r) => r.context_tokens)).toEqual(
      [105, 105, 105].map(() => 10 * estimateTokens(newest) + estimateTokens('[2024-01-03 Wed] ')),
    );
    expect(estimate.rows.every((r) => Number(r.context_tokens) < 120)).toBe(true);

    // Exact counting changes results, so it changes the run id; run.json and the saved plan say which counter counted.
    expect(exact.runId).not.toBe(estimate.runId);
    expect(exact.manifest.tokenCounts).toMatchObject({
      mode: 'exact',
      counters: [{ model: 'claude-haiku-4-5', counter: 'count_tokens:claude-haiku-4-5' }],
    });
    expect((exact.manifest.cells as any[]).map((c) => c.tokenCounter)).toEqual(['count_tokens:claude-haiku-4-5']);
    expect(estimate.manifest.tokenCounts).toMatchObject({ mode: 'estimate', counters: [{ counter: 'estimate-4cpt' }] });
    expect(JSON.parse(readFileSync(join(exact.runDir!, 'run-plan.json'), 'utf8')).options.tokenCount).toBe('exact');
  });

  it('replays recorded counts with the server stopped and no key: same rows, no call', async () => {
    const cache = tempDir();
    const recorded = await runMatrix(options(tempDir(), cache, { tokenCount: 'exact' }));
    const calls = mock.requests.length;
    await mock.close();
    const replayed = await runMatrix(options(tempDir(), cache, { tokenCount: 'exact' }, 'replay'));
    expect(mock.requests).toHaveLength(calls);
    expect(replayed.rows.every((r) => r.error === null && r.cached === true)).toBe(true);
    expect(untimed(replayed.rows)).toEqual(untimed(recorded.rows));
    expect(replayed.runId).toBe(recorded.runId);
    // Counts are hits like replies: 5 stored messages + 3 replies.
    expect((replayed.manifest.providers as any).cache).toMatchObject({
      mode: 'replay',
      hits: 8,
      misses: 0,
      recorded: 0,
    });
  });

  it('retries a count that got a 500; a count that still fails makes error rows, not a crash', async () => {
    mock.scriptCounts({ status: 500 });
    const retried = await runMatrix(options(tempDir(), tempDir(), { tokenCount: 'exact' }, 'off'));
    expect(retried.rows.map((r) => r.error)).toEqual([null, null, null]);
    expect(counted(mock).length).toBe(6);

    // A turn's two messages are counted at once: both, and both retries, get a 429.
    mock.scriptCounts(...Array.from({ length: 4 }, () => ({ status: 429 as const })));
    const failed = await runMatrix(options(tempDir(), tempDir(), { tokenCount: 'exact' }, 'off'));
    expect(failed.rows).toHaveLength(3);
    for (const r of failed.rows)
      expect(r.error).toMatch(/^cell failed: claude-haiku-4-5: HTTP 429 rate_limit_error after 1 retries/);
  });

  it('refuses the offline reader: USAGE (exit 2) before anything is written', async () => {
    const out = tempDir();
    const err = await rejection(
      runMatrix({
        scenarios: [MINI],
        strategies: ['recency'],
        models: ['claude-haiku-4-5', 'offline'],
        tokenCount: 'exact',
        outDir: out,
        log: () => {},
        claude: options(out, tempDir()).claude,
      }),
    );
    expect(err.code).toBe('USAGE');
    expect(err.message).toMatch(/--token-count exact: model "offline" has no tokenizer/);
    expect(readdirSync(out)).toEqual([]);
    expect(mock.requests).toHaveLength(0);

    const cli = await memevalAsync(['run', '--scenario', MINI, '--strategy', 'recency', '--out', out], {
      MEMEVAL_TOKEN_COUNT: 'exact',
    });
    expect([cli.status, cli.stdout]).toEqual([2, '']);
    expect(cli.stderr).toMatch(/--token-count exact: model "offline" has no tokenizer to count with/);
    expect(readdirSync(out)).toEqual([]);
  });
});
