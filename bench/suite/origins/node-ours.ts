/**
 * The echo served by @faas-grip/node, verifying every Grip-Sig.
 * Env: PORT (0 for any); NO_VERIFY=1 to verify nothing.
 */
import { serve } from '@faas-grip/node';
import { echo } from '../echo/ours.js';
import { serveParent } from '../ipc.js';
import { VERIFY_ENV } from '../keys.js';

const server = await serve(echo, {
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  env: process.env.NO_VERIFY === '1' ? {} : VERIFY_ENV,
});
serveParent(server.url, () => server.close());
