import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

// The hostile-input suite again, inside workerd: the same files the Node
// `core` project runs, so a difference between the runtimes' Web Crypto,
// TextDecoder or URL shows up here. These files use Web APIs only.
export default defineProject({
  plugins: [cloudflareTest({ miniflare: { compatibilityDate: '2026-04-01' } })],
  test: {
    name: 'core-workerd',
    include: ['src/**/*.hostile.test.ts'],
  },
});
