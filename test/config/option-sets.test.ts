import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineStrategy, runEval, STRATEGIES } from '../../src/index.js';
import { parseCsvRecords } from '../helpers/csv.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const quiet = { env: {}, log: () => {} };

describe('strategy options are part of a cell identity', () => {
  it('two option sets of one strategy run side by side as two summary rows; an equivalent spelling is not a third', async () => {
    const out = tempDir();
    const result = await runEval(
      {
        scenarios: ['same-session-recall', 'restart-cross-session'],
        strategies: ['recency', { name: 'recency', options: { scope: 'session' } }, 'recency:scope=user'],
        outDir: out,
      },
      quiet,
    );
    const summary = parseCsvRecords(readFileSync(join(result.runDir!, 'summary.csv'), 'utf8'));
    expect(summary.map((s) => s.strategy)).toEqual(['recency', 'recency[scope=session]']);
    // Both really ran, with their own options: session scope cannot see the earlier session.
    expect(summary[1].probes).toBe(summary[0].probes);
    expect(Number(summary[0].accuracy)).toBeGreaterThan(Number(summary[1].accuracy));
    expect(result.manifest.cells as unknown[]).toHaveLength(4);
  });

  it('two different strategies under one name are an error, not one silently replacing the other', async () => {
    const impostor = defineStrategy({ ...STRATEGIES.recency, description: 'a different recency' });
    await expect(runEval({ strategies: ['recency', impostor], outDir: null }, quiet)).rejects.toThrow(
      /different strategies both named "recency"/,
    );
  });
});
