import type { TestEnv } from './worker.js';

declare global {
  namespace Cloudflare {
    interface Env extends TestEnv {
      /** The example chat app, bundled as wrangler would, running as its own Worker. */
      CHAT: Fetcher;
      /** EventLogDurableObject on SQLite storage. */
      EVENT_LOG: DurableObjectNamespace;
      /** EventLogDurableObject on key-value storage. */
      EVENT_LOG_KV: DurableObjectNamespace;
    }
  }
}
