import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // The testing kit from source, under the name users import it by.
    alias: {
      '@faas-grip/testing': fileURLToPath(new URL('../../packages/testing/src/index.ts', import.meta.url)),
    },
  },
  test: { name: 'example-chat', include: ['src/**/*.test.ts'] },
});
