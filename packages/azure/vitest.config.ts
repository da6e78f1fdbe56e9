import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'azure', include: ['src/**/*.test.ts'] },
});
