import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'testing-kit', include: ['src/**/*.test.ts'] },
});
