import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-chat', include: ['src/**/*.test.ts'] },
});
