import { handle } from '@faas-grip/bun';
import { app } from './app.js';

// Bun entry: `bun run src/bun.ts` serves the default export on PORT (or 3000),
// on loopback unless HOST says otherwise: behind a proxy on the same host, the
// origin need not be public. A request may wait for a publish (up to 10 s)
// before it is answered, and Bun closes a connection silent for idleTimeout
// seconds (default 10).
export default { fetch: handle(app), hostname: process.env.HOST ?? '127.0.0.1', idleTimeout: 30 };
