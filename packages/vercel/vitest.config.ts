import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'vercel',
    include: ['src/**/*.test.ts'],
    // @vercel/node's dev server compiles and forks per function: seconds, not milliseconds.
    hookTimeout: 60_000,
  },
});
