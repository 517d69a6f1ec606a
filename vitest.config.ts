import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/dom/**/*.test.ts',
      'tests/reliability/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
