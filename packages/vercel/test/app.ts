import { type GripHandler, getWebSocket, HttpStreamFormat } from '@faas-grip/core';

const reportedErrors: string[] = [];

/**
 * The onError the test functions pass to handle(): keeps the message, so a
 * test can check it was reported, instead of logging an expected stack trace.
 */
export function reportError(error: unknown): void {
  reportedErrors.push(error instanceof Error ? error.message : String(error));
}

/** A small GRIP app that shows what the adapter passes through. */
export const app: GripHandler = async (request, ctx) => {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/env':
      return Response.json({
        greeting: ctx.env.GREETING ?? null,
        method: request.method,
        proxied: ctx.proxied,
        signed: ctx.signed,
      });
    case '/stream':
      return ctx.holdStream('news', { body: 'welcome\n' });
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
    case '/reported-errors':
      return Response.json(reportedErrors);
    case '/boom':
      throw new Error('handler failed');
    default:
      return new Response('Not Found\n', { status: 404 });
  }
};
