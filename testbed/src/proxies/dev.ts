import { startDevProxy } from '@faas-grip/dev';
import { launchedKind } from './instance.js';

/** `@faas-grip/dev`'s embedded proxy, in the test process. */
export const dev = launchedKind({
  name: 'dev',
  // As the suite's Pushpin config (push_in_max_body_size).
  launch: (settings) => startDevProxy({ ...settings, publishBodyLimit: 3_000_000 }),
  logLine: (entry) => `[${entry.level}] ${entry.scope}: ${entry.message}\n`,
});
