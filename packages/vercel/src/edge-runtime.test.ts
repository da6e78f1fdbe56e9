import { type PublishReceiver, publishReceiver } from '@faas-grip/test-support/node';
import { type RunningFunction, startFunction } from '@faas-grip/test-support/vercel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEdgeFunction, startEdgeFunction } from '../test/edge-server.js';
import { functionEnv, itServesTheApp, signed } from '../test/function-checks.js';
import { packageDir } from '../test/package-dir.js';

describe.each([
  ['export default handle(app)', 'test/functions/edge-default.ts'],
  ['export const { GET, POST } = handle(app)', 'test/functions/edge-methods.ts'],
])('Edge runtime (edge-runtime VM, Vercel’s Edge wrapper): %s', (_shape, entry) => {
  let receiver: PublishReceiver;
  let fn: RunningEdgeFunction;

  beforeAll(async () => {
    receiver = await publishReceiver();
    fn = await startEdgeFunction(entry, { processEnv: functionEnv(receiver) });
  });
  afterAll(async () => {
    await fn?.stop();
    await receiver?.close();
  });

  itServesTheApp(
    () => fn.url,
    () => receiver,
  );

  it("keeps the invocation open until waitUntil work is done (the runtime's own waitUntil; stand-in publish API)", async () => {
    const before = receiver.received.length;
    const response = await fetch(`${fn.url}/publish-later`, await signed({ method: 'POST' }));
    expect(response.status).toBe(202);
    await fn.settled();
    expect(receiver.received.length).toBe(before + 1);
  });
});

describe('Edge runtime without process (other Edge hosts)', () => {
  let fn: RunningEdgeFunction;
  beforeAll(async () => {
    fn = await startEdgeFunction('test/functions/edge-default.ts');
  });
  afterAll(() => fn?.stop());

  it('loads, and serves with an empty ctx.env', async () => {
    const response = await fetch(`${fn.url}/env`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ greeting: null, method: 'GET', proxied: false, signed: false });
  });
});

describe("Edge runtime through @vercel/node's dev server (config.runtime = 'edge')", () => {
  let receiver: PublishReceiver;
  let fn: RunningFunction;

  beforeAll(async () => {
    receiver = await publishReceiver();
    fn = await startFunction('test/functions/edge-default.ts', functionEnv(receiver), packageDir);
  });
  afterAll(async () => {
    await fn?.stop();
    await receiver?.close();
  });

  itServesTheApp(
    () => fn.url,
    () => receiver,
  );
});
