import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memevalCli, readRun, REPO_ROOT } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** A team's strategy: the newest `keep` turns of the current session only. */
function strategyFile(): string {
  const api = pathToFileURL(join(REPO_ROOT, 'src/index.ts')).href;
  return `import { assembleContext, defineStrategy, toRounds, z } from ${JSON.stringify(api)};
export default defineStrategy({
  name: 'team-tail',
  description: 'Newest turns of this session',
  options: z.object({ keep: z.number().int().positive().default(2) }).strict(),
  create: (options, deps) => ({
    name: 'team-tail',
    describe: () => ({ embedder: 'none', ...options }),
    async buildContext({ store, userId, sessionId, budgetTokens }) {
      const tail = store.history(userId, { sessionId }).slice(-options.keep);
      return assembleContext(toRounds(tail), { counter: deps.tokenCounter, budgetTokens, withDates: false });
    },
  }),
});
`;
}

describe('a config with a custom strategy file', () => {
  it('runs it next to a built-in, paths relative to the config file, and reports it in summary.csv and run.json', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'team-tail.ts'), strategyFile());
    writeFileSync(
      join(dir, 'memeval.config.yaml'),
      [
        'scenarios: [same-session-recall]',
        'strategies:',
        '  - recency',
        '  - { name: ./team-tail.ts, options: { keep: 6 } }',
        'outDir: ./out',
      ].join('\n'),
    );
    // Started from the repository, not the config's folder: paths still resolve against the file.
    const r = memevalCli(['run', '-c', join(dir, 'memeval.config.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { dir: runDir, summary, manifest } = readRun(join(dir, 'out'));
    expect(summary.map((s) => s.strategy)).toEqual(['recency', 'team-tail[keep=6]']);
    expect(Number(summary[1].probes)).toBeGreaterThan(0);
    expect(summary[1].errors).toBe('0');
    const cell = manifest.cells.find((c: { strategy: string }) => c.strategy === 'team-tail[keep=6]');
    expect(cell.spec).toBe(`${join(dir, 'team-tail.ts')}:keep=6`);
    expect(cell.strategyInfo).toEqual({ embedder: 'none', keep: 6 });
    expect(manifest.resolved.options.strategies.source).toBe('file');
    expect(readFileSync(join(runDir, 'results.csv'), 'utf8')).toContain('team-tail[keep=6]');
  });
});
