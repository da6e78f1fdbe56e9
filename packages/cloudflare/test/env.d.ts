import type { TestEnv } from './worker.js';

declare global {
  namespace Cloudflare {
    interface Env extends TestEnv {
      /** The example chat app, bundled as wrangler would, running as its own Worker. */
      CHAT: Fetcher;
    }
  }
}
