import { defineProject } from 'vitest/config';

// Every test file starts its own redis-server (test/redis-server.ts), so files
// can run in parallel without sharing state.
export default defineProject({
  test: { name: 'redis', include: ['src/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 20_000 },
});
