import { defineConfig } from 'vitest/config'

// Browser tests: the real server binary, Debian's chromium, driven by playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/seed.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
