import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'testbed',
    include: ['test/**/*.test.ts'],
    // One process per file: each file starts its own proxy and origin, and
    // files run side by side on the two cores.
    pool: 'forks',
    maxWorkers: 2,
    // After the unit-test projects: a failing unit test is the quicker read.
    sequence: { groupOrder: 1 },
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
