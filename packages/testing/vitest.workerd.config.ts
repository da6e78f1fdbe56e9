import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

// The kit's own tests again, inside workerd without nodejs_compat: the kit and
// the proxy engine under it use Web APIs only.
export default defineProject({
  plugins: [cloudflareTest({ miniflare: { compatibilityDate: '2026-04-01' } })],
  test: {
    name: 'testing-workerd',
    include: ['src/**/*.test.ts'],
  },
});
