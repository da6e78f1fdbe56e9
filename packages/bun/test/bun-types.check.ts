// Compiled against @types/bun (tsconfig.bun-types.json), never run: the
// shapes this package declares for itself must fit Bun's own declarations.
import type { GripHandler } from '@faas-grip/core';
import { handle, serve } from '../src/index.js';

declare const app: GripHandler;

Bun.serve({ fetch: handle(app) });
Bun.serve({ port: 0, fetch: handle(app, { env: Bun.env }) });

export default { fetch: handle(app) } satisfies Bun.Serve.Options<undefined>;

export const server = serve(app, { env: Bun.env });
