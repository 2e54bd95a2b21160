import { defineConfig } from 'vitest/config';

// Two projects, run one after the other by `npm test`: unit tests and the
// simulator in parallel, then the multi-process integration suites one file
// at a time (each file starts real nodes; two sharing the two cores would
// turn timing noise into failures).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/sim/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], poolOptions: { forks: { singleFork: true } } } },
    ],
  },
});
