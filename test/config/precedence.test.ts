import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveGateOptions } from '../../src/config/gate.js';
import { RUN_OPTIONS } from '../../src/config/options.js';
import { resolveOptions } from '../../src/config/resolve.js';
import { memevalCli, readRun } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** Per key: a flag value (as yargs gives it), an env text, a file value, and what each resolves to. */
const CASES = [
  {
    key: 'limit',
    flag: 'limit',
    flagValue: 3,
    env: 'MEMEVAL_LIMIT',
    envText: '2',
    file: 1,
    expect: { flag: 3, env: 2, file: 1, default: undefined },
  },
  {
    key: 'judge',
    flag: 'judge',
    flagValue: 'f1',
    env: 'MEMEVAL_JUDGE',
    envText: 'regex',
    file: 'contains',
    expect: { flag: 'f1', env: 'regex', file: 'contains', default: 'auto' },
  },
  {
    key: 'models',
    flag: 'model',
    flagValue: ['a,b', 'c'],
    env: 'MEMEVAL_MODEL',
    envText: 'd, e',
    file: ['f'],
    expect: { flag: ['a', 'b', 'c'], env: ['d', 'e'], file: ['f'], default: ['offline'] },
  },
  {
    key: 'concurrency',
    flag: 'j',
    flagValue: 4,
    env: 'MEMEVAL_CONCURRENCY',
    envText: '3',
    file: 1,
    expect: { flag: 4, env: 3, file: 1, default: 2 },
  },
  {
    key: 'keepDb',
    flag: 'keep-db',
    flagValue: false,
    env: 'MEMEVAL_KEEP_DB',
    envText: 'true',
    file: false,
    expect: { flag: false, env: true, file: false, default: false },
  },
  {
    key: 'budgets',
    flag: 'budget',
    flagValue: ['100,200'],
    env: 'MEMEVAL_BUDGET',
    envText: '300',
    file: [400],
    expect: { flag: [100, 200], env: [300], file: [400], default: undefined },
  },
] as const;

describe('option precedence: flag > MEMEVAL_* > config file > default', () => {
  for (const c of CASES) {
    it(`${c.key}: each source wins over the ones below it`, () => {
      const flags = { [c.flag]: c.flagValue };
      const env = { [c.env]: c.envText };
      const file = { name: 'memeval.config.yaml', values: { [c.key]: c.file } };
      const pick = (input: Parameters<typeof resolveOptions>[1]) =>
        resolveOptions(RUN_OPTIONS, input)[c.key as keyof typeof RUN_OPTIONS];
      expect(pick({ flags, env, file })).toEqual({ value: c.expect.flag, source: 'flag' });
      expect(pick({ env, file })).toEqual({ value: c.expect.env, source: 'env' });
      expect(pick({ env: {}, file })).toEqual({ value: c.expect.file, source: 'file' });
      expect(pick({ env: {} })).toEqual({ value: c.expect.default, source: 'default' });
    });
  }

  it('an empty environment variable counts as unset', () => {
    const r = resolveOptions(RUN_OPTIONS, {
      env: { MEMEVAL_JUDGE: '  ' },
      file: { name: 'f', values: { judge: 'contains' } },
    });
    expect(r.judge).toEqual({ value: 'contains', source: 'file' });
  });

  it('a bad value names where it came from: the flag, the variable, or the file and key', () => {
    expect(() => resolveOptions(RUN_OPTIONS, { flags: { limit: Number.NaN }, env: {} })).toThrow(/^--limit: /);
    expect(() => resolveOptions(RUN_OPTIONS, { env: { MEMEVAL_LIMIT: 'five' } })).toThrow(/^MEMEVAL_LIMIT: .*number/);
    expect(() => resolveOptions(RUN_OPTIONS, { env: { MEMEVAL_BUDGET: '100,-5' } })).toThrow(
      /^MEMEVAL_BUDGET: .*\(item 1\)/,
    );
    expect(() => resolveOptions(RUN_OPTIONS, { env: { MEMEVAL_CACHE: 'sometimes' } })).toThrow(/^MEMEVAL_CACHE: /);
  });

  it('gate thresholds resolve the same way, naming gate.<key> in the file', () => {
    const config = {
      name: 'memeval.config.yaml',
      file: null,
      config: { gate: { maxRecallDrop: 0.05, maxLeaks: 1, baseline: '/b.csv' } },
    };
    const r = resolveGateOptions({ flags: { 'max-leaks': 2 }, env: { MEMEVAL_MAX_RECALL_DROP: '0.01' }, config });
    expect(r.maxLeaks).toEqual({ value: 2, source: 'flag' });
    expect(r.maxRecallDrop).toEqual({ value: 0.01, source: 'env' });
    expect(r.baseline).toEqual({ value: '/b.csv', source: 'file' });
    expect(r.maxCostIncrease).toEqual({ value: 0.1, source: 'default' });
    expect(() => resolveGateOptions({ env: {}, config: { ...config, config: { gate: { maxLeaks: 0.5 } } } })).toThrow(
      /^memeval.config.yaml: gate.maxLeaks: /,
    );
  });

  it('memeval run: a flag not typed does not shadow env or file (no yargs defaults), and run.json records each source', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'memeval.config.yaml'),
      [
        'scenarios: [same-session-recall, restart-cross-session]',
        'strategies: [recency]',
        'judge: contains',
        'limit: 2',
        'concurrency: 1',
        'outDir: out',
      ].join('\n'),
    );
    const r = memevalCli(['run', '-j', '2'], { cwd: dir, env: { MEMEVAL_LIMIT: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { manifest } = readRun(join(dir, 'out'));
    const resolved = manifest.resolved;
    expect(resolved.configFile).toBe(join(dir, 'memeval.config.yaml'));
    expect(resolved.options.concurrency).toEqual({ value: 2, source: 'flag' });
    expect(resolved.options.limit).toEqual({ value: 1, source: 'env' });
    expect(resolved.options.judge).toEqual({ value: 'contains', source: 'file' });
    expect(resolved.options.embedder).toEqual({ value: 'hash', source: 'default' });
    expect(resolved.options.seed).toEqual({ value: null, source: 'default' });
    // The values were used, not just recorded.
    expect(manifest.options.scenarios).toHaveLength(1);
    expect(manifest.options.judge).toBe('contains');
    expect(manifest.options.concurrency).toBe(2);
  });
});
