import type { GripHandler } from '@faas-grip/core';
import { chat } from '@faas-grip/example-chat/chat';
import { events } from './events.js';
import { poll, rawPoll, rawStream, stream } from './holds.js';
import { publish } from './publish.js';
import { channels, closer, echo, measure, meta, privateEcho } from './websocket.js';

const exact: Readonly<Record<string, GripHandler>> = {
  '/chat': chat,
  '/ws/echo': echo,
  '/ws/close': closer,
  '/ws/measure': measure,
  '/ws/meta': meta,
  '/ws/channels': channels,
  '/ws/private': privateEcho,
  '/publish': publish,
};

// Routes whose last path segment names the channel.
const byChannel: ReadonlyArray<readonly [string, (channel: string) => GripHandler]> = [
  ['/stream/', stream],
  ['/poll/', poll],
  ['/raw/stream/', rawStream],
  ['/raw/poll/', rawPoll],
];

function text(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain' } });
}

/**
 * The conformance app: every behaviour the suite checks, behind one handler
 * that uses Web APIs only, so each runtime serves exactly the same code.
 */
export const conformanceApp: GripHandler = (request, ctx) => {
  const { pathname } = new URL(request.url);
  if (pathname === '/') return text('faas-grip conformance app\n');
  const route = exact[pathname];
  if (route !== undefined) return route(request, ctx);
  if (pathname.startsWith('/events/')) return events(pathname.slice('/events/'.length))(request, ctx);
  for (const [prefix, make] of byChannel) {
    if (!pathname.startsWith(prefix)) continue;
    const channel = decodeURIComponent(pathname.slice(prefix.length));
    if (channel === '' || channel.includes('/')) return text(`No channel in ${pathname}\n`, 404);
    return make(channel)(request, ctx);
  }
  return text(`Not Found: ${pathname}\n`, 404);
};
