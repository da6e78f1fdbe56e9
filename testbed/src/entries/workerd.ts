import { devRuntimeEntry } from './dev-runtime.js';

/**
 * The app bundled as a Cloudflare Worker (no `nodejs_compat`: Web APIs alone,
 * publishes through the Worker's own `fetch`) and served by real workerd
 * (Miniflare), with `env` as the Worker's bindings.
 */
export const workerdEntry = devRuntimeEntry('workerd');
