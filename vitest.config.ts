import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the package by name from the sources; the CLI child processes they spawn run dist/.
  resolve: { alias: { memeval: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // No time limit: a busy 2-core machine can run past any fixed one, and a hung test is found by
    // its name in the reporter, not by a timer. Tests that wait on something bound the wait themselves.
    testTimeout: 0,
    hookTimeout: 0,
    // Tests spawn the CLI and open SQLite files; two workers match the 2-core machines we run on.
    maxWorkers: 2,
    // CLI children inherit this: their stderr is asserted, and a progress line per cell would be noise
    // there. The tests of the display itself set it explicitly.
    env: { MEMEVAL_DISPLAY: 'none' },
  },
});
