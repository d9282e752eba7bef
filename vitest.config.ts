import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn the CLI and open SQLite files; two workers match the 2-core machines we run on.
    maxWorkers: 2,
  },
});
