import { type GripHandler, isWebSocketOverHttp } from '@faas-grip/core';
import { chat } from './chat.js';
import { page } from './page.js';

/**
 * The whole chat app as one handler: the browser page on `GET /`, the chat
 * WebSocket (through the GRIP proxy) everywhere else.
 */
export const app: GripHandler = (request, ctx) => {
  if (request.method === 'GET' && !isWebSocketOverHttp(request)) {
    const { pathname } = new URL(request.url);
    if (pathname === '/' || pathname === '/index.html') {
      return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    return new Response('Not Found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  }
  return chat(request, ctx);
};
