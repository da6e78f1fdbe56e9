/**
 * The baseline for the bundle figure: the seed chat as a Cloudflare Worker
 * written naively on @fanoutio/grip, with the same behaviour as apps/chat
 * (page on GET /, Grip-Sig checked, one room, `/nick NAME`, publish every
 * other message). Bundled and measured only; never deployed.
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

async function chat(request: Request, env: Env): Promise<Response> {
  const publisher = new Publisher(
    { ...parseGripUri(env.GRIP_URL), ...(env.GRIP_VERIFY_KEY ? { verify_key: env.GRIP_VERIFY_KEY } : {}) },
    { prefix: env.GRIP_PREFIX ?? '' },
  );
  const signature = await publisher.validateGripSig(request.headers.get('grip-sig'));
  if (!signature.isSigned) return new Response('Forbidden\n', { status: 403 });
  if (!isWsOverHttp(request)) return new Response('Not a WebSocket-over-HTTP request\n', { status: 400 });
  const ws = await getWebSocketContextFromReq(request, env.GRIP_PREFIX ?? '');
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
  const body = encodeWebSocketEvents(ws.getOutgoingEvents()) as Uint8Array<ArrayBuffer>;
  return new Response(body, { headers: ws.toHeaders() });
}

export default {
  fetch(request: Request, env: Env): Promise<Response> | Response {
    if (request.method === 'GET' && !isWsOverHttp(request)) {
      const { pathname } = new URL(request.url);
      if (pathname === '/' || pathname === '/index.html') {
        return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      }
      return new Response('Not Found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
    return chat(request, env);
  },
};
