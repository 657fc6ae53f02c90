import { defineConfig } from 'vitest/config'

// Browser tests: the real server binary, Debian's chromium, driven by playwright-core.
// Two spec files at a time, each with its own server (on its own copy of the seeded store)
// and browser: a browser test mostly waits on rendering and round trips, so two share the
// machine's two cores with the sanitizer suites beside them (docs/PERFORMANCE.md).
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/seed.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
})
