import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-feed', include: ['src/**/*.test.ts'] },
});
