import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runEval } from '../../src/index.js';
import { withMockAnthropic } from '../helpers/mock-anthropic.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const FIXTURE = join(import.meta.dirname, '../fixtures/scenarios/runner-mini.yaml');

afterEach(() => vi.unstubAllEnvs());

describe('cache mode and folder from the config reach the reader models', () => {
  it('cache: record writes recordings to cacheDir; MEMEVAL_CACHE=replay then runs with no key and no server', async () => {
    const cacheDir = tempDir();
    const config = {
      scenarios: [FIXTURE],
      strategies: ['recency'],
      models: ['claude-haiku-4-5'],
      cache: 'record' as const,
      cacheDir,
      outDir: null,
    };
    const recorded = await withMockAnthropic(async (mock) => {
      vi.stubEnv('ANTHROPIC_API_KEY', 'test-key');
      vi.stubEnv('ANTHROPIC_BASE_URL', mock.url);
      const result = await runEval(config, { env: {}, log: () => {} });
      expect(mock.requests.length).toBeGreaterThan(0);
      return result;
    });
    expect(recorded.rows.every((r) => r.error === null && r.cached === false)).toBe(true);
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);

    vi.stubEnv('ANTHROPIC_API_KEY', '');
    vi.stubEnv('ANTHROPIC_BASE_URL', 'http://127.0.0.1:9');
    const replayed = await runEval(config, { env: { MEMEVAL_CACHE: 'replay' }, log: () => {} });
    expect(replayed.manifest.resolved).toMatchObject({
      options: { cache: { value: 'replay', source: 'env' }, cacheDir: { value: cacheDir, source: 'file' } },
    });
    expect(replayed.rows.every((r) => r.error === null && r.cached === true)).toBe(true);
    expect(replayed.rows.map((r) => r.answer)).toEqual(recorded.rows.map((r) => r.answer));
  });
});
