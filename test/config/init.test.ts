import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { RUN_OPTIONS } from '../../src/config/options.js';
import { memevalCli, readRun, REPO_ROOT } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('memeval init', () => {
  it('writes a starter config and strategy that run as written', async () => {
    const dir = tempDir();
    const init = memevalCli(['init'], { cwd: dir });
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('wrote');
    // No memeval installed in this folder yet: init says how to make the strategy's import resolve.
    expect(init.stdout).toContain("imports 'memeval'");

    // What `npm install --save-dev <memeval>` gives a project: node_modules/memeval.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO_ROOT, join(dir, 'node_modules/memeval'), 'dir');
    const run = memevalCli(['run'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { summary, manifest } = readRun(join(dir, 'reports'));
    expect(summary.map((s) => s.strategy)).toEqual(['recency', 'recency[scope=session]', 'keyword[topK=4]']);
    expect(summary.every((s) => s.errors === '0' && Number(s.probes) > 0)).toBe(true);
    expect(manifest.resolved.configFile).toBe(join(dir, 'memeval.config.yaml'));
  });

  it('documents each default as the option table has it', async () => {
    const dir = tempDir();
    expect(memevalCli(['init', dir]).status).toBe(0);
    const { config } = await loadConfigFile(join(dir, 'memeval.config.yaml'));
    expect(config.judge).toBe(RUN_OPTIONS.judge.default);
    expect(config.concurrency).toBe(RUN_OPTIONS.concurrency.default);
    expect(config.models).toEqual(RUN_OPTIONS.models.default);
    expect(config.gate?.maxRecallDrop).toBe(0.02);
    expect(readFileSync(join(dir, 'memeval.config.yaml'), 'utf8')).toMatch(/^# .*MEMEVAL_LIMIT.*\n# limit: 5$/m);
  });

  it('refuses to overwrite either file without --force, and changes nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'my-strategy.ts'), '// mine\n');
    const r = memevalCli(['init'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/my-strategy\.ts already exists; pass --force/);
    expect(existsSync(join(dir, 'memeval.config.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'my-strategy.ts'), 'utf8')).toBe('// mine\n');

    expect(memevalCli(['init', '--force'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, 'my-strategy.ts'), 'utf8')).toContain('defineStrategy');
  });
});
