import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { decodeMessage } from './wire.js';

/** What one client saw. Arrays are indexed by the message's global send order. */
export class Client {
  socket: WebSocket | undefined;
  /** The socket opened (it stays true after the soak closes it). */
  connected = false;
  /** The first probe arrived: its subscription is live. */
  live = false;
  /** Times each chat message arrived (more than 1 is a duplicate). */
  readonly seen: Uint8Array;
  /** Highest sequence number seen per sender, to count messages overtaken by later ones. */
  private readonly lastBySender: Int32Array;
  delivered = 0;
  duplicates = 0;
  outOfOrder = 0;
  foreign = 0;
  /** Socket errors after it opened (each is followed by a close). */
  errors = 0;
  /** Close code if the socket closed before the soak closed it. */
  closedEarly: number | undefined;
  /** Deliveries after `frozen` is set do not count: they came after the drain deadline. */
  frozen = false;

  constructor(
    readonly index: number,
    maxMessages: number,
    senders: number,
    /** Latency sink shared by all clients (ms from send to this client's receipt). */
    private readonly latencies: { push(ms: number, at: number): void },
  ) {
    this.seen = new Uint8Array(maxMessages);
    this.lastBySender = new Int32Array(senders).fill(-1);
  }

  receive(text: string, now: number): void {
    const message = decodeMessage(text);
    if (message === undefined) {
      this.foreign++;
      return;
    }
    if (message.kind === 'probe') {
      this.live = true;
      return;
    }
    if (this.frozen || message.g >= this.seen.length || message.s >= this.lastBySender.length) return;
    const times = this.seen[message.g]!;
    this.seen[message.g] = Math.min(times + 1, 255);
    if (times > 0) {
      this.duplicates++;
      return;
    }
    this.delivered++;
    this.latencies.push(now - message.t, now);
    if (message.n < this.lastBySender[message.s]!) this.outOfOrder++;
    else this.lastBySender[message.s] = message.n;
  }
}

function open(client: Client, url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    let opened = false;
    socket.on('message', (data, isBinary) => {
      client.receive(isBinary ? '' : data.toString(), performance.now());
    });
    socket.once('open', () => {
      opened = true;
      client.socket = socket;
      client.connected = true;
      socket.on('close', (code) => {
        if (client.socket === socket) client.closedEarly = code;
      });
      resolve();
    });
    // Stays attached for the socket's life: an error without a listener would end the soak.
    socket.on('error', (error) => {
      if (opened) {
        client.errors++;
        return;
      }
      socket.terminate();
      reject(error);
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new Error(`handshake answered ${response.statusCode}`));
    });
  });
}

export interface ConnectResult {
  /** Clients whose socket never opened. */
  failed: number;
  /** Attempts that failed, retried ones included. */
  failedAttempts: number;
  /** The first few distinct reasons for failed attempts. */
  errors: string[];
  ms: number;
}

/**
 * Opens every client's WebSocket, `batch` at a time (each batch waits for its
 * sockets, a failed one is retried up to twice), so the proxy is not hit by a
 * thousand handshakes at once.
 */
export async function connectAll(clients: Client[], url: string, batch: number): Promise<ConnectResult> {
  const start = performance.now();
  const errors = new Set<string>();
  let failed = 0;
  let failedAttempts = 0;
  for (let from = 0; from < clients.length; from += batch) {
    await Promise.all(
      clients.slice(from, from + batch).map(async (client) => {
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            await open(client, url, 10_000);
            return;
          } catch (error) {
            failedAttempts++;
            errors.add(error instanceof Error ? error.message : String(error));
            await sleep(100 * (attempt + 1));
          }
        }
        failed++;
      }),
    );
  }
  return { failed, failedAttempts, errors: [...errors].slice(0, 5), ms: performance.now() - start };
}

/** Closes every socket, waiting up to `timeoutMs` for the closing handshakes, then drops the rest. */
export async function closeAll(clients: Client[], timeoutMs = 5000): Promise<void> {
  const sockets: WebSocket[] = [];
  for (const client of clients) {
    // Unset first, so the close below is not counted as the socket closing early.
    if (client.socket !== undefined) sockets.push(client.socket);
    client.socket = undefined;
  }
  const closing = sockets.map((socket) => {
    if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000, 'soak done');
    });
  });
  await Promise.race([Promise.all(closing), sleep(timeoutMs)]);
  for (const socket of sockets) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
}
