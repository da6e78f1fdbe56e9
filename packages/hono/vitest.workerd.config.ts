import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

// The same middleware tests again, inside workerd, plus the Workers-only ones
// (configuration from bindings, the Worker's own waitUntil).
export default defineProject({
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-01',
        bindings: { GRIP_PREFIX: 'from-binding-', GREETING: 'hello from a binding' },
      },
    }),
  ],
  test: {
    name: 'hono-workerd',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.node.test.ts'],
  },
});
