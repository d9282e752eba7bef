import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costUsd, findPrice } from '../../src/models/pricing.js';
import { CANARY_KEY } from '../helpers/anthropic.js';
import { BIN, memevalAsync } from '../helpers/cli.js';
import { parseCsvRecords } from '../helpers/csv.js';
import { startMockAnthropic, type MockAnthropic } from '../helpers/mock-anthropic.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const MINI = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
/** What one mock call costs: the mock's default usage (100 in, 20 out) at Haiku 4.5's list price. */
const CALL_USD = costUsd(
  { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 },
  findPrice('claude-haiku-4-5'),
)!;

let mock: MockAnthropic;
beforeEach(async () => {
  mock = await startMockAnthropic();
  // Slow enough that a kill lands between calls, or during one.
  mock.delayMs = 15;
});
afterEach(async () => {
  await mock.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function env(): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ANTHROPIC_') && !k.startsWith('MEMEVAL_')),
  );
  return { ...base, ANTHROPIC_API_KEY: CANARY_KEY };
}

/** Starts `memeval run` and SIGKILLs it once the mock has seen `calls` more requests; 'finished' when it ended first. */
async function runUntilCalls(args: string[], calls: number): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: env() });
  let finished = false;
  const exited = new Promise<void>((r) => child.once('exit', () => ((finished = true), r())));
  const target = mock.requests.length + calls;
  while (!finished && mock.requests.length < target) await sleep(2);
  if (finished) return 'finished';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

function onlyDir(out: string): string {
  const dirs = readdirSync(out);
  expect(dirs).toHaveLength(1);
  return join(out, dirs[0]);
}

/** A run of 10 cells × 3 probes = 30 calls, one at a time, killed `kills` times and resumed after each. */
async function killedRun(out: string, cacheArgs: string[], kills: number, extra: string[] = []) {
  const args = [
    'run',
    '--scenario',
    MINI,
    '--strategy',
    'recency,recency:scope=session',
    '--budget',
    '200,400,800,1600,3200',
    '--model',
    'claude-haiku-4-5',
    '--base-url',
    mock.url,
    '--max-retries',
    '0',
    '-j',
    '1',
    '--concurrency',
    '1',
    ...cacheArgs,
    ...extra,
    '--out',
    out,
  ];
  let killed = 0;
  for (let i = 0; i < kills; i++) {
    const started = existsSync(out) && readdirSync(out).length === 1 && existsSync(join(onlyDir(out), 'run-plan.json'));
    const outcome = await runUntilCalls(started ? ['run', '--resume', onlyDir(out)] : args, 2 + (i % 2));
    if (outcome === 'finished') break;
    killed++;
  }
  const last = await memevalAsync(['run', '--resume', onlyDir(out)], { ANTHROPIC_API_KEY: CANARY_KEY });
  const dir = onlyDir(out);
  return {
    killed,
    last,
    rows: parseCsvRecords(readFileSync(join(dir, 'results.csv'), 'utf8')),
    manifest: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')),
  };
}

describe('spend and cache counts survive kill + --resume', () => {
  it('--max-cost-usd caps the whole run across four kills: what the API billed never passes the cap', async () => {
    // Every call is billed the most it could cost (every byte an input token, max_tokens of output),
    // so a call a kill interrupts is the worst case for the cap: billed, and never charged in the log.
    const FRAMING = 16;
    mock.defaultUsage = (body: { system?: string; messages: { content: string }[]; max_tokens: number }) => ({
      input_tokens:
        Buffer.byteLength(body.system ?? '') +
        body.messages.reduce((n, m) => n + Buffer.byteLength(m.content), 0) +
        FRAMING * (body.messages.length + 1),
      output_tokens: body.max_tokens,
    });
    const CAP = 0.05;
    const cap = await killedRun(tempDir(), ['--cache', 'off'], 4, ['--max-cost-usd', String(CAP)]);
    expect(cap.killed).toBe(4);
    expect(cap.last.status).toBe(3);
    const price = findPrice('claude-haiku-4-5');
    const billed = mock.requests.reduce((sum, r) => {
      const u = mock.defaultUsage(r.body, '') as { input_tokens: number; output_tokens: number };
      return (
        sum +
        costUsd(
          { inputTokens: u.input_tokens, outputTokens: u.output_tokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
          price,
        )!
      );
    }, 0);
    // The promise: calls in flight at each kill included, the API billed no more than the cap.
    expect(billed).toBeLessThanOrEqual(CAP);
    // run.json reports what was charged (settled calls), which is at most what was billed.
    const spend = cap.manifest.providers.spendUsd;
    expect(spend.total).toBeLessThanOrEqual(billed + 1e-12);
    expect(spend.chat).toBe(spend.total);
    // The cap bit: some probes ran, the rest are SPEND_CAP error rows.
    expect(cap.rows).toHaveLength(30);
    const refused = cap.rows.filter((r) => /spend cap reached/.test(r.error));
    expect(refused.length).toBeGreaterThan(0);
    expect(cap.rows.filter((r) => r.error === '').length).toBeGreaterThan(0);
  });

  it('run.json cache counts add up every process: recorded matches the recordings on disk, hits include replays after a resume', async () => {
    const cache = tempDir();
    const r = await killedRun(tempDir(), ['--cache', 'auto', '--cache-dir', cache], 3);
    expect(r.killed).toBe(3);
    expect(r.last.status).toBe(0);
    const files = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    const counts = r.manifest.providers.cache;
    // A kill between writing a recording and counting it loses that one count.
    expect(counts.recorded).toBeLessThanOrEqual(files);
    expect(counts.recorded).toBeGreaterThanOrEqual(files - r.killed);
    // Every call of the run was looked up once per process that made it: at least one lookup per row.
    expect(counts.hits + counts.misses).toBeGreaterThanOrEqual(r.rows.length);
    expect(counts.models).toEqual([
      expect.objectContaining({
        model: 'claude-haiku-4-5',
        role: 'chat',
        recorded: counts.recorded,
        hits: counts.hits,
      }),
    ]);
    // Charged before recorded: a kill between the two leaves a charge without its recording.
    expect(r.manifest.providers.spendUsd.total).toBeGreaterThanOrEqual(counts.recorded * CALL_USD - 1e-9);
    expect(r.manifest.providers.spendUsd.total).toBeLessThanOrEqual((counts.recorded + r.killed) * CALL_USD + 1e-9);
  });
});
