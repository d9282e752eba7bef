import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as memeval from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('library API', () => {
  it('exports what a team needs to evaluate its own strategy from code', () => {
    for (const name of [
      'defineStrategy',
      'defineConfig',
      'runEval',
      'ConversationStore',
      'Chatbot',
      'OfflineModel',
      'createModel',
      'createEmbedder',
      'STRATEGIES',
      'assembleContext',
      'toRounds',
      'z',
    ]) {
      expect(memeval, name).toHaveProperty(name);
    }
    expect(Object.keys(memeval.STRATEGIES)).toContain('recency');
  });

  it('examples/custom-strategy.ts runs as written and prints a row per strategy configuration', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'examples/custom-strategy.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const labels = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]);
    expect(labels).toEqual(['recency', 'first-turns', 'first-turns[turns=12]']);
  });
});
