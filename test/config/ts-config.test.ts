import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfigFile } from '../../src/config/load.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('memeval.config.ts', () => {
  it('is found in the folder and loads its defineConfig default export, paths relative to it', async () => {
    const dir = tempDir();
    const api = pathToFileURL(join(REPO_ROOT, 'src/index.ts')).href;
    writeFileSync(
      join(dir, 'memeval.config.ts'),
      `import { defineConfig } from ${JSON.stringify(api)};\nexport default defineConfig({ strategies: ['recency', { name: './mine.ts', options: { k: 1 } }], judge: 'contains', outDir: null, gate: { maxLeaks: 1 } });\n`,
    );
    const file = findConfigFile(dir);
    expect(file).toBe(join(dir, 'memeval.config.ts'));
    const { config } = await loadConfigFile(file!);
    expect(config.judge).toBe('contains');
    expect(config.outDir).toBeNull();
    expect(config.strategies).toEqual(['recency', { name: join(dir, 'mine.ts'), options: { k: 1 } }]);
    expect(config.gate).toEqual({ maxLeaks: 1 });
  });

  it('a default export that is not a config names the file and key', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'memeval.config.mjs'), 'export default { models: "offline" };\n');
    await expect(loadConfigFile(join(dir, 'memeval.config.mjs'))).rejects.toThrow(
      /memeval\.config\.mjs: models: .*array/,
    );
  });
});
