import { bytesOf, NOT_UTF8, pushpinSig, wsInit } from '@faas-grip/test-support';
import type { PublishReceiver } from '@faas-grip/test-support/node';
import { expect, it } from 'vitest';

export const KEY = 'vercel-test-key';

/** The function's environment in these tests: GRIP_URL points at `receiver`, with Pushpin's signing key. */
export function functionEnv(receiver: PublishReceiver): Record<string, string> {
  return {
    GRIP_URL: `${receiver.url}?iss=pushpin&key=${KEY}`,
    GRIP_PREFIX: 'v-',
    GREETING: 'hello from the function env',
  };
}

export async function signed(init: RequestInit = {}): Promise<RequestInit> {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'Grip-Sig': await pushpinSig('pushpin', KEY) },
  };
}

/**
 * What every deployment shape must do with the test app (test/app.ts) when
 * served with {@link functionEnv}: registers one `it` per behaviour.
 */
export function itServesTheApp(url: () => string, receiver: () => PublishReceiver): void {
  it('answers WebSocket-over-HTTP with the exact content type and the bytes intact', async () => {
    const body = bytesOf('OPEN\r\nBINARY 6\r\n', NOT_UTF8, '\r\nTEXT 2\r\nhi\r\n');
    const response = await fetch(`${url()}/echo`, await signed(wsInit(body)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(response.headers.get('sec-websocket-extensions')).toBe('grip');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(
      bytesOf('OPEN\r\nBINARY 8\r\nm:', NOT_UTF8, '\r\nTEXT 4\r\nm:hi\r\n'),
    );
  });

  it('refuses a request without a valid Grip-Sig with a 403', async () => {
    const unsigned = await fetch(`${url()}/env`);
    expect(unsigned.status).toBe(403);
    const forged = await fetch(`${url()}/env`, {
      headers: { 'Grip-Sig': await pushpinSig('pushpin', 'wrong-key') },
    });
    expect(forged.status).toBe(403);
  });

  it("gives the handler the function's environment as ctx.env, and prefixes held channels", async () => {
    const env = await fetch(`${url()}/env`, await signed({ method: 'POST' }));
    expect(await env.json()).toEqual({
      greeting: 'hello from the function env',
      method: 'POST',
      proxied: true,
      signed: true,
    });
    const stream = await fetch(`${url()}/stream`, await signed());
    expect(stream.headers.get('grip-hold')).toBe('stream');
    expect(stream.headers.get('grip-channel')).toBe('v-news');
    expect(await stream.text()).toBe('welcome\n');
  });

  it('publishes work handed to waitUntil after answering (stand-in publish API)', async () => {
    const response = await fetch(`${url()}/publish-later`, await signed({ method: 'POST' }));
    expect(response.status).toBe(202);
    expect(await receiver().next()).toEqual({
      items: [
        { channel: 'v-news', id: expect.any(String), formats: { 'http-stream': { content: 'later\n' } } },
      ],
    });
  });

  it('answers a handler error with a bare 500 and reports it to onError', async () => {
    const response = await fetch(`${url()}/boom`, await signed());
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
    const reported = await fetch(`${url()}/reported-errors`, await signed());
    expect(await reported.json()).toContain('handler failed');
  });
}
