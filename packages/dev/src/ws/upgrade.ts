import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ProxyState } from '../state.js';
import { WsSession } from './session.js';

/**
 * Largest client message relayed to the origin; a larger one closes the
 * connection with 1009. Pushpin's limit is about 200 KB.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

interface Handshake {
  protocol: string | undefined;
  headers: string[];
}

/**
 * Handles client WebSocket upgrades: the origin decides on the handshake
 * through its answer to OPEN, before the client gets a 101 (or the origin's
 * own HTTP response).
 */
export function createUpgradeHandler(
  state: ProxyState,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const handshakes = new WeakMap<IncomingMessage, Handshake>();
  const wss = new WebSocketServer({
    noServer: true,
    // Pings go to the origin, which decides whether to answer (as with Pushpin).
    autoPong: false,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    handleProtocols: (_offered, request) => handshakes.get(request)?.protocol ?? false,
  });
  wss.on('headers', (headers, request) => {
    headers.push(...(handshakes.get(request)?.headers ?? []));
  });

  return (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if ((request.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nOnly WebSocket upgrades are supported.\n',
      );
      return;
    }
    const session = new WsSession(state, request);
    let clientGone = false;
    socket.once('close', () => {
      clientGone = true;
    });
    void session.open().then(
      (result) => {
        if (clientGone || state.closing.aborted) {
          socket.destroy();
          return;
        }
        if (result.kind === 'reject') {
          const lines = [
            `HTTP/1.1 ${result.status} ${result.statusText || STATUS_CODES[result.status] || ''}`,
          ];
          for (const [name, value] of result.headers) lines.push(`${name}: ${value}`);
          lines.push(`Content-Length: ${result.body.length}`, 'Connection: close', '', '');
          socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), result.body]));
          return;
        }
        handshakes.set(request, { protocol: result.protocol, headers: result.headers });
        wss.handleUpgrade(request, socket, head, (ws) => session.attach(ws, result.events));
      },
      (error: unknown) => {
        state.log({ level: 'error', scope: 'ws', message: `handshake failed: ${String(error)}` });
        socket.destroy();
      },
    );
  };
}
