import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, MemevalError } from '../../src/errors.js';
import { createModel } from '../../src/models/registry.js';
import { TIMING_COLUMNS, type ResultRow } from '../../src/report/columns.js';
import { runMatrix, type RunOptions } from '../../src/runner/run.js';
import { ThrowingModel } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');
const quiet = { log: () => {} };

const withoutTiming = (rows: ResultRow[]) =>
  rows.map((r) => ({ ...r, ...Object.fromEntries(TIMING_COLUMNS.map((c) => [c, null])) }));

describe('runMatrix', () => {
  it('gives the same rows, run id included, in matrix order whatever the concurrency', async () => {
    const options: RunOptions = {
      ...quiet,
      scenarios: [FIXTURE, 'same-session-recall'],
      strategies: ['recency', 'recency:scope=session'],
      budgets: [4000, 200],
      outDir: null,
    };
    const a = await runMatrix({ ...options, concurrency: 1 });
    const b = await runMatrix({ ...options, concurrency: 3 });
    expect(a.runDir).toBeNull();
    expect(b.runId).toBe(a.runId);
    expect(withoutTiming(b.rows)).toEqual(withoutTiming(a.rows));
    // scenario-major, then strategy, model, budget
    const order = a.rows.map((r) => `${r.scenario_id}|${r.strategy}|${r.budget_tokens}`);
    expect([...new Set(order)]).toEqual([
      'runner-mini|recency|4000',
      'runner-mini|recency|200',
      'runner-mini|recency[scope=session]|4000',
      'runner-mini|recency[scope=session]|200',
      'same-session-recall|recency|4000',
      'same-session-recall|recency|200',
      'same-session-recall|recency[scope=session]|4000',
      'same-session-recall|recency[scope=session]|200',
    ]);
    const other = await runMatrix({ ...options, seed: 7 });
    expect(other.runId).not.toBe(a.runId);
  });

  it('an erroring model becomes error rows; the run finishes and counts them', async () => {
    const result = await runMatrix({
      ...quiet,
      scenarios: [FIXTURE],
      strategies: ['recency'],
      models: ['offline', 'test-throwing'],
      outDir: tempDir(),
      createModel: (id) => (id === 'test-throwing' ? new ThrowingModel('city') : createModel(id)),
    });
    const errored = result.rows.filter((r) => r.error !== null);
    expect(errored.map((r) => [r.model, r.probe_id])).toEqual([['test-throwing', 'city']]);
    expect(errored[0]).toMatchObject({ correct: false, answer: null, error: 'model exploded' });
    expect(result.summary.find((s) => s.model === 'test-throwing')).toMatchObject({ errors: 1, probes: 3 });
    expect(existsSync(join(result.runDir!, 'results.csv'))).toBe(true);
  });

  it('keeps each cell database in <run>/db with --keep-db', async () => {
    const out = tempDir();
    const result = await runMatrix({
      ...quiet,
      scenarios: [FIXTURE],
      strategies: ['recency', 'recency:scope=session'],
      outDir: out,
      keepDb: true,
    });
    expect(readdirSync(join(result.runDir!, 'db'))).toHaveLength(2);
    const cells = (result.manifest.cells as { db: string }[]).map((c) => c.db);
    expect(cells.every((f) => existsSync(f))).toBe(true);
  });

  it.each<[string, RunOptions, string]>([
    ['unknown strategy', { strategies: ['nosuch'] }, 'nosuch'],
    ['bad strategy option', { strategies: ['recency:scope=galaxy'] }, 'scope'],
    ['unknown model', { models: ['gpt-9'] }, 'gpt-9'],
    ['bad budget', { budgets: [0] }, '--budget'],
    ['unknown scenario', { scenarios: ['no-such-scenario'] }, 'no-such-scenario'],
    ['unknown judge', { judge: 'vibes' }, 'vibes'],
    ['unpriced --price-as', { priceAs: ['gpt-9'] }, '--price-as gpt-9'],
    ['unknown embedder', { embedder: 'nosuch-embedder' }, 'nosuch-embedder'],
    ['bad concurrency', { concurrency: 0 }, '-j'],
  ])('%s: exit-2 error naming it, nothing written', async (_name, bad, mention) => {
    const out = join(tempDir(), 'reports');
    const err = await runMatrix({ ...quiet, scenarios: [FIXTURE], outDir: out, ...bad }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MemevalError);
    expect(exitCodeFor(err)).toBe(2);
    expect((err as Error).message).toContain(mention);
    expect(existsSync(out)).toBe(false);
  });

  it('writes run.json saying which model, embedder and judge produced each cell', async () => {
    const result = await runMatrix({
      ...quiet,
      scenarios: [FIXTURE],
      strategies: ['recency'],
      outDir: tempDir(),
      priceAs: ['claude-haiku-4-5'],
    });
    const manifest = JSON.parse(readFileSync(join(result.runDir!, 'run.json'), 'utf8'));
    expect(manifest.runId).toBe(result.runId);
    expect(manifest.cells[0]).toMatchObject({
      scenario: 'runner-mini',
      strategy: 'recency',
      embedder: { id: 'none' },
      judges: ['abstain', 'contains', 'regex'],
      budgetTokens: 4000,
    });
    expect(manifest.cells[0].model.note).toMatch(/offline reader proxy.*not Claude/);
    expect(manifest.pricing.estimates).toBe(true);
    expect(manifest.node).toBe(process.version);
    expect(result.summary.map((s) => s.priced_as)).toEqual([null, 'claude-haiku-4-5-20251001']);
    expect(result.summary[1].cost_per_exchange_usd).toBeGreaterThan(0);
    expect(result.summary[0].cost_per_exchange_usd).toBeNull();
  });
});
