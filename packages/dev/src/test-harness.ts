import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { decodeWebSocketEvents, encodeWebSocketEventsBody } from '@faas-grip/core/protocol';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import type { ProxyLimits } from './engine/limits.js';
import type { LogEntry } from './engine/log.js';
import { type DevProxy, startDevProxy } from './proxy.js';

/** What the hand-written origin saw in one request. */
export interface Seen {
  headers: IncomingMessage['headers'];
  events: string[];
  body: Buffer;
}
export type Script = (seen: Seen, req: IncomingMessage, res: ServerResponse) => void;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** A proxy in front of an origin whose answers the test scripts; `logs` collects every log line. */
export async function setup(
  script: Script,
  options: { limits?: Partial<ProxyLimits> } = {},
): Promise<{ proxy: DevProxy; seen: Seen[]; logs: LogEntry[] }> {
  const seen: Seen[] = [];
  const origin = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const events =
        req.headers['content-type'] === 'application/websocket-events'
          ? decodeWebSocketEvents(body).map((e) =>
              e.content === undefined ? e.type : `${e.type} ${Buffer.from(e.content).toString('latin1')}`,
            )
          : [];
      const entry = { headers: req.headers, events, body };
      seen.push(entry);
      script(entry, req, res);
    });
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        origin.close(() => resolve());
        origin.closeAllConnections();
      }),
  );
  const logs: LogEntry[] = [];
  const proxy = await startDevProxy({
    origin: `http://127.0.0.1:${(origin.address() as AddressInfo).port}`,
    port: 0,
    publishPort: 0,
    sigKey: 'test-key',
    log: (entry) => logs.push(entry),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  cleanups.push(() => proxy.close());
  return { proxy, seen, logs };
}

export type EventSpec = {
  type: 'OPEN' | 'TEXT' | 'BINARY' | 'CLOSE' | 'PING' | 'PONG' | 'DISCONNECT';
  content?: string | Uint8Array;
};

/** Answers a WebSocket-over-HTTP request with these events. */
export function answer(res: ServerResponse, events: EventSpec[], headers: Record<string, string> = {}): void {
  const body = encodeWebSocketEventsBody(events);
  res.writeHead(200, { 'Content-Type': 'application/websocket-events', ...headers });
  res.end(body);
}

/** An origin that accepts every WebSocket with the grip extension and answers nothing else. */
export const acceptAll: Script = (entry, _req, res) =>
  entry.events[0] === 'OPEN'
    ? answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' })
    : answer(res, []);

export function connect(
  url: string,
  options?: WebSocket.ClientOptions,
): Promise<{ ws: WebSocket; messages: string[] }> {
  const ws = new WebSocket(url, options);
  const messages: string[] = [];
  ws.on('message', (data) => messages.push(String(data)));
  cleanups.push(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

/** Resolves with the close code and reason the client sees. */
export function closed(ws: WebSocket): Promise<[number, string]> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve([code, String(reason)])));
}

/** Polls `check` until it holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** POSTs JSON to the publish API as a publisher outside a browser does. */
export function publish(
  proxy: DevProxy,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(proxy.publishUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Publishes and checks the API said Published. */
export async function published(proxy: DevProxy, items: unknown[]): Promise<void> {
  const response = await publish(proxy, { items });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`publish answered ${response.status}: ${text}`);
}

/** Sends raw bytes on a new TCP connection and returns everything the server sent back before closing. */
export function rawExchange(port: number, request: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no end of the answer within ${ms} ms; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`,
        ),
      );
    }, ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(request);
  });
}

/** Reads a whole HTTP response body from a Node response. */
export function textOf(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    response.on('data', (c: Buffer) => (text += c));
    response.on('end', () => resolve(text));
  });
}

/** The response a WebSocket client gets instead of a 101. */
export function unexpectedResponse(url: string): Promise<IncomingMessage> {
  const ws = new WebSocket(url);
  cleanups.push(() => ws.terminate());
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_request, response) => resolve(response));
    ws.once('open', () => reject(new Error('the handshake was accepted')));
  });
}
