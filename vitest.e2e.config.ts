import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // A browser on a busy 2-core machine: a page settles in seconds, not in expect.poll's 1 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
