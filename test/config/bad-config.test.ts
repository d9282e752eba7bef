import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { resolveRunOptions } from '../../src/config/run.js';
import { MemevalError } from '../../src/errors.js';
import { runEval } from '../../src/index.js';
import { memevalCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** Writes `text` as memeval.config.yaml in a fresh folder and returns the folder. */
function configDir(text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'memeval.config.yaml'), text);
  return dir;
}

/** Loads the config and resolves it as `memeval run` would; the rejection's message. */
async function problem(text: string): Promise<MemevalError> {
  const dir = configDir(text);
  try {
    const loaded = await loadConfigFile(join(dir, 'memeval.config.yaml'));
    await resolveRunOptions({
      env: {},
      config: { name: 'memeval.config.yaml', file: loaded.file, config: loaded.config },
      log: () => {},
    });
  } catch (err) {
    expect(err).toBeInstanceOf(MemevalError);
    return err as MemevalError;
  }
  throw new Error('expected the config to be rejected');
}

describe('a broken config names the file and the key', () => {
  it.each([
    ['a value of the wrong type', 'limit: five\n', /memeval\.config\.yaml: limit: .*number.*\(line 1\)/],
    [
      'a misspelt key',
      'strategies: [recency]\nstratgies: [x]\n',
      /memeval\.config\.yaml: \(file\): unknown key "stratgies"/,
    ],
    ['a bad item of a list', 'budgets: [1000, -5]\n', /memeval\.config\.yaml: budgets\.1: /],
    [
      'an unknown key in a strategy entry',
      'strategies:\n  - { name: recency, option: { scope: session } }\n',
      /memeval\.config\.yaml: strategies\.0: unknown key "option"/,
    ],
    [
      'a strategy option of the wrong type',
      'strategies:\n  - recency\n  - { name: recency, options: { dates: 3 } }\n',
      /memeval\.config\.yaml: strategies\.1\.options\.dates: .*boolean/,
    ],
    [
      'an unknown strategy option',
      'strategies: ["recency:scope=session,topK=5"]\n',
      /memeval\.config\.yaml: strategies\.0\.options: .*topK/,
    ],
    [
      'an unknown strategy',
      'strategies: [recenzy]\n',
      /memeval\.config\.yaml: strategies\.0: unknown strategy "recenzy"/,
    ],
    [
      'a missing strategy file',
      'strategies: [./nope.ts]\n',
      /memeval\.config\.yaml: strategies\.0: .*nope\.ts: strategy file not found/,
    ],
    ['a bad gate threshold', 'gate: { maxRecallDrop: -1 }\n', /memeval\.config\.yaml: gate\.maxRecallDrop: /],
    ['a bad cache mode', 'cache: sometimes\n', /memeval\.config\.yaml: cache: /],
    ['a YAML syntax error', 'models: [offline\n', /memeval\.config\.yaml:\d+:\d+: YAML syntax error/],
  ])('%s', async (_what, text, message) => {
    const err = await problem(text);
    expect(err.code).toBe('CONFIG');
    expect(err.message).toMatch(message);
  });

  it('memeval run with a broken config: exit 2, file and key on stderr, nothing run or written', () => {
    const dir = configDir('outDir: out\nstrategies:\n  - { name: recency, options: { scope: everyone } }\n');
    const r = memevalCli(['run'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/memeval\.config\.yaml: strategies\.0\.options\.scope: /);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['memeval.config.yaml']);
  });

  it('-c naming a missing file is exit 2 naming it', () => {
    const dir = tempDir();
    const r = memevalCli(['run', '-c', 'nope.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nope.yaml: config file not found');
  });

  it('two config files in one folder are ambiguous', () => {
    const dir = configDir('models: [offline]\n');
    writeFileSync(join(dir, 'memeval.config.yml'), 'models: [offline]\n');
    const r = memevalCli(['run'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('more than one config file');
  });

  it('runEval rejects a bad config object the same way, naming the key', async () => {
    await expect(runEval({ budgets: [0] }, { env: {} })).rejects.toThrow(/\(runEval argument\): budgets\.0: /);
    await expect(runEval({ strategies: [{ name: 'recency', options: { scope: 'x' } }] }, { env: {} })).rejects.toThrow(
      /\(runEval argument\): strategies\.0\.options\.scope: /,
    );
  });
});
