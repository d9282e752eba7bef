import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRun } from '../../src/runner/plan.js';
import { runMatrix } from '../../src/runner/run.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');

describe('repeated matrix values', () => {
  it('run each cell once, first occurrence first, with one line naming what was dropped', async () => {
    const logs: string[] = [];
    const result = await runMatrix({
      scenarios: [FIXTURE],
      strategies: ['recency:scope=session', 'recency', 'recency:scope=session', 'recency:scope=user'],
      models: ['offline', 'offline'],
      budgets: [4000, 300, 4000],
      outDir: null,
      log: (m) => logs.push(m),
    });
    const cells = result.summary.map((r) => `${r.strategy}|${r.model}|${r.budget_tokens}`);
    expect(cells).toEqual([
      'recency[scope=session]|offline|300',
      'recency[scope=session]|offline|4000',
      'recency|offline|300',
      'recency|offline|4000',
    ]);
    expect(new Set(cells).size).toBe(cells.length);
    expect((result.manifest.cells as unknown[]).length).toBe(4);
    const repeatLines = logs.filter((l) => l.includes('repeated'));
    expect(repeatLines).toEqual([
      'memeval: ignoring repeated value(s), each cell runs once: --budget 4000, --strategy recency:scope=session, --strategy recency:scope=user (same as recency: recency), --model offline',
    ]);
  });

  it('keeps one cell per distinct strategy options, and says nothing when nothing repeats', async () => {
    const logs: string[] = [];
    const plan = await planRun({
      scenarios: [FIXTURE],
      strategies: ['semantic:topK=5', 'semantic:topK=3', 'semantic'],
      budgets: [4000],
      log: (m) => logs.push(m),
    });
    expect(plan.cells.map((c) => c.strategy.label)).toEqual(['semantic[topK=5]', 'semantic[topK=3]', 'semantic']);
    expect(logs.filter((l) => l.includes('repeated'))).toEqual([]);
  });

  it('lets a repeated --budget run under --shard (it used to be refused)', async () => {
    const plan = await planRun({
      scenarios: [FIXTURE],
      strategies: ['recency'],
      budgets: [4000, 4000],
      shard: { k: 1, n: 1 },
      log: () => {},
    });
    expect(plan.cells.map((c) => c.budgetTokens)).toEqual([4000]);
  });
});
