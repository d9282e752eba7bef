import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineStrategy, runEval, STRATEGIES } from '../../src/index.js';
import { resumeOptions } from '../../src/runner/resume.js';
import { runMatrix } from '../../src/runner/run.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const quiet = { env: {}, log: () => {} };
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('resuming a run configured with option objects', () => {
  it('saves { name, options } strategy entries and the option provenance, and a resume rewrites the same summary and run.json', async () => {
    const out = tempDir();
    const first = await runEval(
      {
        scenarios: ['same-session-recall'],
        strategies: [{ name: 'recency', options: { scope: 'session' } }],
        outDir: out,
      },
      quiet,
    );
    const runDir = first.runDir!;
    const summary = read(runDir, 'summary.csv');
    const plan = JSON.parse(read(runDir, 'run-plan.json'));
    expect(plan.options.strategies).toEqual([{ name: 'recency', options: { scope: 'session' } }]);

    const resumed = await runMatrix(resumeOptions(runDir, { log: () => {} }));
    expect(resumed.runId).toBe(first.runId);
    expect(read(runDir, 'summary.csv').split('\n')[1].split(',').slice(0, 9)).toEqual(
      summary.split('\n')[1].split(',').slice(0, 9),
    );
    expect(resumed.manifest.resolved).toEqual(first.manifest.resolved);
  });

  it('refuses to resume from the CLI a run whose strategy exists only in the calling program, naming the file and field', async () => {
    const out = tempDir();
    const mine = defineStrategy({ ...STRATEGIES.recency, name: 'mine' });
    const { runDir } = await runEval({ scenarios: ['same-session-recall'], strategies: [mine], outDir: out }, quiet);
    expect(() => resumeOptions(runDir!)).toThrow(
      /run-plan\.json: strategies: mine \(defined in code\) exists only in the program/,
    );
    // From the program, with the same config, it resumes: the finished run's cells are all in its journal.
    const again = await runEval(
      { scenarios: ['same-session-recall'], strategies: [mine], outDir: out },
      { ...quiet, resume: runDir!.split('/').pop() },
    );
    expect(again.summary.map((s) => s.strategy)).toEqual(['mine']);
  });
});
