import { defineProject } from 'vitest/config';

// Runs in Node: bundles the example chat Worker with esbuild and checks what went in.
export default defineProject({
  test: { name: 'cloudflare-bundle', include: ['test/bundle.test.ts'] },
});
