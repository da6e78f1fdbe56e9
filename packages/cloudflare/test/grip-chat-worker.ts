/**
 * The example chat as a Worker written straight on @fanoutio/grip, the way
 * its documentation suggests: the bundle-size baseline the faas-grip chat
 * Worker is reported against. Same page, same room, same `/nick`, Grip-Sig
 * verified with the proxy's key; nothing more.
 */
import {
  encodeWebSocketEvents,
  getWebSocketContextFromReq,
  isWsOverHttp,
  Publisher,
  parseGripUri,
  WebSocketMessageFormat,
} from '@fanoutio/grip';
import { page } from '../../../apps/chat/src/page.js';

interface Env {
  GRIP_URL: string;
  GRIP_VERIFY_KEY?: string;
  GRIP_PREFIX?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method === 'GET' && !isWsOverHttp(request)) {
      const { pathname } = new URL(request.url);
      if (pathname === '/' || pathname === '/index.html') {
        return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      }
      return new Response('Not Found\n', { status: 404 });
    }
    const prefix = env.GRIP_PREFIX ?? '';
    const publisher = new Publisher(parseGripUri(env.GRIP_URL, { 'verify-key': env.GRIP_VERIFY_KEY }), {
      prefix,
    });
    const signature = await publisher.validateGripSig(request.headers.get('grip-sig'));
    if (!signature.isProxied) return new Response('Forbidden\n', { status: 403 });
    const ws = await getWebSocketContextFromReq(request, prefix);
    if (ws.isOpening()) {
      ws.accept();
      ws.subscribe('room');
    }
    while (ws.canRecv()) {
      const message = ws.recv();
      if (message === null) {
        ws.close();
        break;
      }
      if (message.startsWith('/nick ')) {
        ws.meta.nick = message.slice(6);
        ws.send(`nickname set to [${ws.meta.nick}]`);
      } else {
        await publisher.publishFormats(
          'room',
          new WebSocketMessageFormat(`${ws.meta.nick ?? 'anonymous'}: ${message}`),
        );
      }
    }
    return new Response(encodeWebSocketEvents(ws.getOutgoingEvents()), { headers: ws.toHeaders() });
  },
};
