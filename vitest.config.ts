import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'testbed/vitest.config.*',
      'packages/cloudflare/vitest.bundle.config.ts',
      'packages/hono/vitest.workerd.config.ts',
      'packages/core/vitest.workerd.config.ts',
      'packages/testing/vitest.workerd.config.ts',
      'apps/chat/vitest.config.ts',
      'apps/feed/vitest.config.ts',
      'packaging/vitest.config.ts',
    ],
  },
});
