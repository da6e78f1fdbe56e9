import { handle } from '@faas-grip/deno';
import { app } from './app.js';

// Deno entry, the shape `deno serve` and Deno Deploy run. Deno does not resolve
// this workspace's packages, so it runs the esbuild bundle of this file
// (pnpm build:deno): `deno serve --allow-net --allow-env='GRIP_*' dist/deno/main.js`.
// GRIP_URL and GRIP_VERIFY_KEY come from the environment (Deno Deploy: the
// app's environment variables).
export default { fetch: handle(app) };
