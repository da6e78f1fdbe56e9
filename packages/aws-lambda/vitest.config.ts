import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'aws-lambda', include: ['src/**/*.test.ts'] },
});
