import { type PublishReceiver, publishReceiver } from '@faas-grip/test-support/node';
import { type RunningFunction, startFunction } from '@faas-grip/test-support/vercel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionEnv, itServesTheApp, signed } from '../test/function-checks.js';
import { packageDir } from '../test/package-dir.js';

// Each file is served by @vercel/node's dev server, in its own process, as `vercel dev` would.
describe.each([
  ['export default handle(app)', 'test/functions/node-default.ts'],
  ['export const { GET, POST } = handle(app)', 'test/functions/node-methods.ts'],
])('Node.js runtime: %s', (_shape, entrypoint) => {
  let receiver: PublishReceiver;
  let fn: RunningFunction;

  beforeAll(async () => {
    receiver = await publishReceiver();
    fn = await startFunction(entrypoint, functionEnv(receiver), packageDir);
  });
  afterAll(async () => {
    await fn?.stop();
    await receiver?.close();
  });

  itServesTheApp(
    () => fn.url,
    () => receiver,
  );

  if (entrypoint.endsWith('node-methods.ts')) {
    it('answers a method with no export with 405, as Vercel does', async () => {
      const response = await fetch(`${fn.url}/env`, await signed({ method: 'PUT' }));
      expect(response.status).toBe(405);
    });
  }
});
