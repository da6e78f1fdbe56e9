import type { ExportedHandler } from '@cloudflare/workers-types';
import { handle } from '@faas-grip/cloudflare';
import { type GripHandler, getWebSocket, HttpStreamFormat } from '@faas-grip/core';

/** The bindings vitest.config.ts gives this Worker. */
export interface TestEnv {
  GREETING: string;
  GRIP_URL: string;
  GRIP_PREFIX: string;
}

const handler: GripHandler<TestEnv> = async (request, ctx) => {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/greeting':
      return new Response(`${ctx.env.GREETING}; signed=${ctx.signed}`);
    case '/publish-later':
      ctx.waitUntil(ctx.publish('news', new HttpStreamFormat('later\n')));
      return new Response('accepted\n', { status: 202 });
    case '/echo': {
      const ws = await getWebSocket(request);
      if (ws.isOpening()) ws.accept();
      while (ws.canRecv()) {
        const message = ws.recvRaw();
        if (message === null) ws.close();
        else if (typeof message === 'string') ws.send(message);
        else ws.sendBinary(message);
      }
      return ws.toResponse();
    }
    default:
      return new Response('Not Found\n', { status: 404 });
  }
};

// The Durable Object class the event log tests bind, exported as a user's Worker
// would; from the sources, so that the tests never run a stale build of it.
export { EventLogDurableObject } from '../src/event-log-durable-object.js';

export default handle(handler) satisfies ExportedHandler<TestEnv>;
