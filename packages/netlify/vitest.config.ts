import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'netlify', include: ['src/**/*.test.ts'] },
});
