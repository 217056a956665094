import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.ts'],
    // Finds (or unpacks) the browser tests' Chromium once, before the test files run.
    globalSetup: ['web/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are large (hundreds of MB each); keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
