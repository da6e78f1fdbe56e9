import { describe, expect, it } from 'vitest';
import { Hub } from '../hub.js';
import { DEFAULT_LIMITS } from '../limits.js';
import type { LogEntry } from '../log.js';
import { handlerOrigin, type OriginAnswer } from '../origin.js';
import { parsePublishBody } from '../publish/parse.js';
import type { ClientRequest, HttpClient, HttpDeps, ResponseHead } from './client.js';
import { proxyHttpRequest } from './exchange.js';

const decoder = new TextDecoder();

/** Records what the engine does to one client, in order, and checks it answers once. */
class RecordingClient implements HttpClient {
  readonly calls: string[] = [];
  started = false;
  closed = false;
  readonly backlog = 0;
  private readonly listeners: Array<() => void> = [];

  private answerOnce(what: string): void {
    if (this.started) throw new Error(`${what} after the answer began: ${this.calls.join(' | ')}`);
    this.started = true;
  }
  respond(head: ResponseHead, body: Uint8Array): void {
    this.answerOnce('respond');
    this.calls.push(`respond ${head.status} ${decoder.decode(body)}`);
    this.close();
  }
  passOn(head: ResponseHead, answer: OriginAnswer): void {
    this.answerOnce('passOn');
    this.calls.push(`passOn ${head.status}`);
    answer.discard();
    this.close();
  }
  startStream(head: ResponseHead): void {
    this.answerOnce('startStream');
    this.calls.push(`startStream ${head.status}`);
  }
  held(mode: 'long-poll' | 'stream', channels: readonly string[]): void {
    this.calls.push(`held ${mode} ${channels.join(',')}`);
  }
  write(data: Uint8Array): void {
    if (!this.started || this.closed) throw new Error('write outside a started stream');
    if (data.length > 0) this.calls.push(`write ${decoder.decode(data)}`);
  }
  end(): void {
    this.calls.push('end');
    this.close();
  }
  abort(): void {
    this.calls.push('abort');
    this.close();
  }
  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }
  /** The client leaves (or the answer ended): close listeners run once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

function setup(handler: (request: Request) => Response | Promise<Response>) {
  const logs: LogEntry[] = [];
  const closing = new AbortController();
  const deps: HttpDeps = {
    origin: handlerOrigin(async (request) => handler(request)),
    hub: new Hub(),
    log: (entry) => logs.push(entry),
    limits: { ...DEFAULT_LIMITS, requestBodyBytes: 16 },
    closing: closing.signal,
    open: new Set(),
    gripHeaders: () => ({ 'grip-feature': 'status' }),
  };
  const send = async (request: Partial<ClientRequest> = {}) => {
    const client = new RecordingClient();
    await proxyHttpRequest(
      deps,
      { method: 'GET', path: '/', headers: {}, host: 'proxy.test', body: new Uint8Array(), ...request },
      client,
    );
    return client;
  };
  const publish = (items: unknown[]) => {
    for (const item of parsePublishBody(JSON.stringify({ items }))) deps.hub.publish(item);
  };
  return { deps, logs, send, publish, closing };
}

describe('proxyHttpRequest answers each client once, through the HttpClient it is given', () => {
  it('passes an ordinary answer on', async () => {
    const { send } = setup(() => new Response('hi'));
    expect((await send()).calls).toEqual(['passOn 200']);
  });

  it('answers a forged WebSocket-over-HTTP request (403) and an oversized body (413) itself', async () => {
    const { send } = setup(() => new Response('never'));
    const forged = await send({
      method: 'POST',
      headers: { 'content-type': 'application/websocket-events' },
    });
    expect(forged.calls).toEqual(['respond 403 Client not allowed to send WebSocket events directly.\n']);
    const large = await send({ method: 'POST', body: new Uint8Array(17) });
    expect(large.calls).toEqual(['respond 413 Request body too large.\n']);
  });

  it('answers 502 when the origin fails or gives instructions it cannot follow', async () => {
    const failing = setup(() => {
      throw new Error('boom');
    });
    expect((await failing.send()).calls).toEqual(['respond 502 Error while proxying to origin: boom\n']);
    const confused = setup(() => new Response('', { headers: { 'Grip-Hold': 'stream' } }));
    expect((await confused.send()).calls[0]).toMatch(/^respond 502 Origin's GRIP instructions are invalid/);
  });

  it('holds a long-poll, then answers it once with the first published response', async () => {
    const { send, publish, deps } = setup(
      () => new Response('none\n', { headers: { 'Grip-Hold': 'response', 'Grip-Channel': 'orders' } }),
    );
    const client = await send();
    expect(client.calls).toEqual(['held long-poll orders']);
    publish([{ channel: 'orders', formats: { 'http-response': { code: 201, body: 'one' } } }]);
    publish([{ channel: 'orders', formats: { 'http-response': { code: 202, body: 'two' } } }]);
    expect(client.calls).toEqual(['held long-poll orders', 'respond 201 one']);
    expect(deps.hub.subscriberCount('orders')).toBe(0);
    expect(deps.open.size).toBe(0);
  });

  it('holds a stream: head, body, published content, and the end a close action asks for', async () => {
    const { send, publish, deps } = setup(
      () => new Response('start\n', { headers: { 'Grip-Hold': 'stream', 'Grip-Channel': 'ticks' } }),
    );
    const client = await send();
    publish([{ channel: 'ticks', formats: { 'http-stream': { content: 'tick\n' } } }]);
    publish([{ channel: 'ticks', formats: { 'http-stream': { action: 'close' } } }]);
    expect(client.calls).toEqual([
      'startStream 200',
      'write start\n',
      'held stream ticks',
      'write tick\n',
      'end',
    ]);
    expect(deps.hub.subscriberCount('ticks')).toBe(0);
  });

  it('lets go of a hold whose client left, and ends the rest at shutdown', async () => {
    const { send, deps } = setup(
      () => new Response('', { headers: { 'Grip-Hold': 'stream', 'Grip-Channel': 'ticks' } }),
    );
    const left = await send();
    left.close();
    expect(deps.hub.subscriberCount('ticks')).toBe(0);
    const staying = await send();
    expect(deps.open.size).toBe(1);
    for (const open of [...deps.open]) open.shutdown();
    expect(staying.calls.at(-1)).toBe('abort');
    expect(deps.hub.subscriberCount('ticks')).toBe(0);
  });

  it('drops a hold the origin answered after the proxy began to close', async () => {
    const { send, closing, deps } = setup(() => {
      closing.abort();
      return new Response('', { headers: { 'Grip-Hold': 'stream', 'Grip-Channel': 'ticks' } });
    });
    expect((await send()).calls).toEqual(['abort']);
    expect(deps.hub.subscriberCount('ticks')).toBe(0);
  });
});
