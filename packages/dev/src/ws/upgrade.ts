import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { forwardedHeaders, replacedOnWebSockets } from '../engine/client-headers.js';
import { guard } from '../engine/guard.js';
import type { HttpDeps } from '../engine/http/client.js';
import { WsConnection } from '../engine/ws/connection.js';
import type { OpenVerdict } from '../engine/ws/handshake.js';
import { ClientLink, wireSocket } from './client-link.js';

interface Handshake {
  protocol: string | undefined;
  headers: string[];
}

const SEC_WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;

/** Why the client's upgrade request is not a WebSocket handshake the proxy can complete, if it is not. */
function badUpgrade(request: IncomingMessage): string | undefined {
  if ((request.headers.upgrade ?? '').toLowerCase() !== 'websocket')
    return 'Only WebSocket upgrades are supported.';
  if (request.method !== 'GET') return 'A WebSocket handshake is a GET request.';
  const key = request.headers['sec-websocket-key'];
  if (key === undefined || !SEC_WEBSOCKET_KEY.test(key.trim()))
    return 'Missing or invalid Sec-WebSocket-Key.';
  const version = request.headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') return 'Unsupported Sec-WebSocket-Version (13 expected).';
  return undefined;
}

function rawResponse(status: number, statusText: string, headers: string[][], body: Uint8Array): Buffer {
  const lines = [`HTTP/1.1 ${status} ${statusText || STATUS_CODES[status] || ''}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${body.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

/**
 * Handles client WebSocket upgrades: the origin decides on the handshake
 * through its answer to OPEN, before the client gets a 101 (or the origin's
 * own HTTP response).
 */
export function createUpgradeHandler(
  state: HttpDeps,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const handshakes = new WeakMap<IncomingMessage, Handshake>();
  const wss = new WebSocketServer({
    noServer: true,
    // Pings go to the origin, which decides whether to answer (as with Pushpin).
    autoPong: false,
    perMessageDeflate: false,
    maxPayload: state.limits.clientMessageBytes,
    handleProtocols: (_offered, request) => handshakes.get(request)?.protocol ?? false,
  });
  wss.on('headers', (headers, request) => {
    headers.push(...(handshakes.get(request)?.headers ?? []));
  });

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = badUpgrade(request);
    if (refused !== undefined) {
      socket.end(
        rawResponse(400, 'Bad Request', [['Content-Type', 'text/plain']], Buffer.from(`${refused}\n`)),
      );
      return;
    }
    const session = new WsConnection(state, {
      path: request.url ?? '/',
      headers: forwardedHeaders(request.headers, replacedOnWebSockets),
    });
    let hungUp = false;
    const gone = new AbortController();
    const onHangUp = () => {
      hungUp = true;
      gone.abort();
    };
    socket.once('end', onHangUp);
    socket.once('close', onHangUp);
    const result: OpenVerdict = await session.open(gone.signal);
    socket.off('end', onHangUp);
    socket.off('close', onHangUp);
    // A client that hung up (even half-way) cannot take its 101 any more.
    const clientGone = hungUp || socket.destroyed || !socket.readable || !socket.writable;
    if (clientGone || state.closing.aborted) {
      if (result.kind === 'accept' && !state.closing.aborted) session.abandon();
      socket.destroy();
      return;
    }
    if (result.kind === 'reject') {
      socket.end(rawResponse(result.status, result.statusText, result.headers, result.body));
      return;
    }
    handshakes.set(request, { protocol: result.protocol, headers: result.headers });
    wss.handleUpgrade(request, socket, head, (ws) =>
      guard(
        state.log,
        `ws ${session.id.slice(0, 8)}`,
        () => {
          const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) =>
            state.log({ level, scope: `ws ${session.id.slice(0, 8)}`, message });
          session.attach(new ClientLink(ws, state.limits.clientBacklogBytes, log), result.events);
          wireSocket(ws, session, log);
        },
        () => ws.terminate(),
      ),
    );
  };

  return (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    guard(
      state.log,
      'ws',
      () => upgrade(request, socket, head),
      () => socket.destroy(),
    );
  };
}
