import { defineConfig } from 'vitest/config';

// Multi-process suites (test/integration) run one file at a time: each file
// starts real nodes, and two files sharing the two cores would make timing
// noise look like bugs.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/sim/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
