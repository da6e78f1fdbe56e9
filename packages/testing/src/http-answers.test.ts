import type { GripHandler } from '@faas-grip/core';
import { describe, expect, it } from 'vitest';
import { createTestProxy } from './index.js';

describe("the kit answers HTTP as the dev proxy would, including the handler's mistakes", () => {
  it("answers 502 with the reason when the handler's GRIP instructions are invalid", async () => {
    const app: GripHandler = () =>
      new Response('x', { headers: { 'Grip-Hold': 'forever', 'Grip-Channel': 'a' } });
    const response = await createTestProxy(app).fetch('/');
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/^Origin's GRIP instructions are invalid: .*Grip-Hold/);
  });

  it('refuses (403) a client that sends WebSocket-over-HTTP itself, without calling the handler', async () => {
    let called = 0;
    const app: GripHandler = () => {
      called++;
      return new Response('ok');
    };
    const response = await createTestProxy(app).fetch('/ws', {
      method: 'POST',
      headers: { 'Content-Type': 'Application/WebSocket-Events' },
      body: 'TEXT 5\r\nforge\r\n',
    });
    expect([response.status, await response.text(), called]).toEqual([
      403,
      'Client not allowed to send WebSocket events directly.\n',
      0,
    ]);
  });

  it("never hands the handler a client's Grip-* or Meta-* headers, and never the client the handler's Grip-*", async () => {
    const seen: Array<string | null> = [];
    const app: GripHandler = (request) => {
      seen.push(request.headers.get('grip-last'), request.headers.get('meta-user'));
      return new Response('ok', { headers: { 'Grip-Link': '</next>; rel=gone', 'X-Kept': '1' } });
    };
    const response = await createTestProxy(app).fetch('/', {
      headers: { 'Grip-Last': 'room; last-id=9', 'Meta-User': 'admin' },
    });
    expect(seen).toEqual([null, null]);
    expect([response.headers.get('grip-link'), response.headers.get('x-kept')]).toEqual([null, '1']);
  });

  it('gives bodyless answers (204, HEAD) without a body, and a stream its Grip-Status', async () => {
    const app: GripHandler = (request, ctx) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/empty') return new Response(null, { status: 204 });
      if (pathname === '/stream') {
        const held = ctx.holdStream('ticks', { body: 'accepted\n' });
        held.headers.set('Grip-Status', '202 Accepted For Now');
        return held;
      }
      return new Response('body');
    };
    const proxy = createTestProxy(app);
    const empty = await proxy.fetch('/empty');
    expect([empty.status, await empty.text()]).toEqual([204, '']);
    const head = await proxy.fetch('/', { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const stream = await proxy.stream('/stream');
    expect([stream.status, await stream.next()]).toEqual([202, 'accepted\n']);
  });

  it('passes a streamed answer on as it comes, without waiting for its end', async () => {
    let push: ((text: string) => void) | undefined;
    const app: GripHandler = () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (text) => controller.enqueue(new TextEncoder().encode(text));
        },
      });
      return new Response(body);
    };
    const response = await createTestProxy(app).fetch('/');
    const reader = response.body!.getReader();
    push?.('first');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first');
    await reader.cancel();
  });
});
