import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'google-cloud', include: ['src/**/*.test.ts'] },
});
