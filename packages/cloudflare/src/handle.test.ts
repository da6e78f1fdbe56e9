import { createExecutionContext, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { type GripHandler, WebSocketMessageFormat } from '@faas-grip/core';
import { bytesOf, ecSigner, freshClaims, sharedKey, signHs256, wsRequest } from '@faas-grip/test-support';
import { describe, expect, inject, it, vi } from 'vitest';
import { handle } from './index.js';

const recorder = inject('recorderUrl');
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const selfKey = encoder.encode('self-test-key');

interface Recorded {
  authorization: string | null;
  body: { items: Array<Record<string, unknown>> };
}

async function recorded(tag: string): Promise<Recorded[]> {
  return (await fetch(`${recorder}/records/${tag}`)).json();
}

/** Waits until the stand-in publish API has received a publish for `tag`. */
async function arrived(tag: string): Promise<Recorded[]> {
  return (await fetch(`${recorder}/wait/${tag}`)).json();
}

function payloadOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
}

describe('the example chat app, bundled for Workers without nodejs_compat', () => {
  it('accepts a WebSocket-over-HTTP OPEN and subscribes to the prefixed room', async () => {
    const response = await env.CHAT.fetch(wsRequest('https://chat.example/ws', 'OPEN\r\n'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(response.headers.get('sec-websocket-extensions')).toBe('grip');
    const body = decoder.decode(await response.arrayBuffer());
    expect(body.startsWith('OPEN\r\n')).toBe(true);
    expect(body).toContain('c:{"type":"subscribe","channel":"chat-room"}');
  });

  it('publishes a chat message to GRIP_URL from its bindings, using fetch (stand-in publish API)', async () => {
    const response = await env.CHAT.fetch(wsRequest('https://chat.example/ws', 'TEXT 5\r\nhello\r\n'));
    expect(response.status).toBe(200);
    const publishes = await arrived('chat');
    expect(publishes.map((p) => p.body.items)).toContainEqual([
      {
        channel: 'chat-room',
        id: expect.any(String),
        formats: { 'ws-message': { content: 'anonymous: hello' } },
      },
    ]);
  });

  it('serves its page on GET /', async () => {
    const response = await env.CHAT.fetch('https://chat.example/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

describe('handle() deployed as the Worker (SELF, real ExecutionContext)', () => {
  const signed = async (): Promise<Record<string, string>> => ({
    'Grip-Sig': await signHs256(freshClaims('pushpin'), selfKey),
  });

  it('gives the handler the Worker bindings as ctx.env, after verifying Grip-Sig', async () => {
    const response = await SELF.fetch('https://worker.example/greeting', { headers: await signed() });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello from a binding; signed=true');
  });

  it('refuses a request without Grip-Sig when GRIP_URL carries the proxy key', async () => {
    const response = await SELF.fetch('https://worker.example/greeting');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('no Grip-Sig header');
  });

  it('answers before a publish passed to ctx.waitUntil has finished (stand-in publish API)', async () => {
    // The stand-in publish API holds this publish until released, so the
    // response can only arrive if it does not wait for the publish.
    const response = await SELF.fetch('https://worker.example/publish-later', { headers: await signed() });
    expect(response.status).toBe(202);
    const [publish] = await arrived('gated-self');
    expect(publish?.body.items).toEqual([
      { channel: 'self-news', id: expect.any(String), formats: { 'http-stream': { content: 'later\n' } } },
    ]);
    expect(payloadOf(publish?.authorization?.replace(/^Bearer /, '') ?? '').iss).toBe('pushpin');
    expect((await fetch(`${recorder}/release/gated-self`, { method: 'POST' })).status).toBe(200);
  });

  it('passes binary WebSocket messages through workerd byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const request = wsRequest(
      'https://worker.example/echo',
      bytesOf('OPEN\r\nBINARY 100\r\n', bytes, '\r\n'),
      await signed(),
    );
    const response = await SELF.fetch(request);
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body).toEqual(bytesOf('OPEN\r\nBINARY 102\r\nm:', bytes, '\r\n'));
  });
});

describe('handle() called with the Worker arguments', () => {
  const tagged = (tag: string, query = ''): string => `${recorder}/t/${tag}${query}`;

  it('maps ctx.waitUntil to the ExecutionContext, reporting a failed publish to onError (stand-in publish API)', async () => {
    const onError = vi.fn();
    const worker = handle(
      (_request, ctx) => {
        ctx.waitUntil(ctx.publish('room', new WebSocketMessageFormat('hi')));
        return new Response('ok');
      },
      // A 500 is retried until the publish timeout.
      { onError, publishTimeoutMs: 400 },
    );
    const executionContext = createExecutionContext();
    const response = await worker.fetch(
      new Request('https://worker.example/'),
      { GRIP_URL: tagged('fail-wait-until') },
      executionContext,
    );
    expect(await response.text()).toBe('ok');
    await waitOnExecutionContext(executionContext);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ name: 'PublishError', status: 500, timedOut: true });
    const attempts = await recorded('fail-wait-until');
    expect(attempts.length).toBeGreaterThan(1);
    expect(new Set(attempts.map((a) => a.body.items[0]?.id)).size).toBe(1);
  });

  it('signs publishes with the key and issuer from GRIP_URL and applies GRIP_PREFIX (stand-in publish API)', async () => {
    const key = sharedKey();
    const worker = handle(async (_request, ctx) => {
      await ctx.publish('room', new WebSocketMessageFormat('hi'));
      return new Response('published');
    });
    const gripUrl = tagged('signed-publish', `?iss=my-service&key=${encodeURIComponent(key.setting)}`);
    const request = new Request('https://worker.example/', {
      headers: { 'Grip-Sig': await signHs256(freshClaims('my-service'), key.bytes) },
    });
    const response = await worker.fetch(
      request,
      { GRIP_URL: gripUrl, GRIP_PREFIX: 'p-' },
      createExecutionContext(),
    );
    expect(await response.text()).toBe('published');
    const [publish] = await recorded('signed-publish');
    expect(publish?.body.items).toEqual([
      { channel: 'p-room', id: expect.any(String), formats: { 'ws-message': { content: 'hi' } } },
    ]);
    expect(publish?.authorization).toMatch(/^Bearer /);
    const claims = payloadOf(publish?.authorization?.slice('Bearer '.length) ?? '');
    expect(claims.iss).toBe('my-service');
  });

  it('verifies an HS256 Grip-Sig with Web Crypto and refuses a wrong key or an expired token', async () => {
    const key = sharedKey();
    const other = sharedKey();
    const worker = handle((_request, ctx) => new Response(`signed=${ctx.signed}`));
    const gripEnv = { GRIP_URL: `http://127.0.0.1:9/?iss=pushpin&key=${encodeURIComponent(key.setting)}` };
    const call = async (sig: string) =>
      worker.fetch(
        new Request('https://worker.example/', { headers: { 'Grip-Sig': sig } }),
        gripEnv,
        createExecutionContext(),
      );

    const good = await call(await signHs256(freshClaims('pushpin'), key.bytes));
    expect(await good.text()).toBe('signed=true');
    const wrongKey = await call(await signHs256(freshClaims('pushpin'), other.bytes));
    expect(wrongKey.status).toBe(403);
    expect(await wrongKey.text()).toContain('Grip-Sig did not verify');
    const expired = await call(
      await signHs256({ iss: 'pushpin', exp: Math.floor(Date.now() / 1000) - 60 }, key.bytes),
    );
    expect(expired.status).toBe(403);
    const wrongIssuer = await call(await signHs256(freshClaims('someone-else'), key.bytes));
    expect(wrongIssuer.status).toBe(403);
  });

  it('verifies an ES256 Grip-Sig (as Fastly Fanout signs) against a PEM in GRIP_VERIFY_KEY', async () => {
    const fanout = await ecSigner();
    const intruder = await ecSigner();
    const worker = handle((_request, ctx) => new Response(`signed=${ctx.signed}`));
    const secrets = { GRIP_VERIFY_KEY: fanout.publicPem, GRIP_VERIFY_ISS: 'fastly:service-1' };
    const call = async (sig: string) =>
      worker.fetch(
        new Request('https://worker.example/', { headers: { 'Grip-Sig': sig } }),
        secrets,
        createExecutionContext(),
      );

    const good = await call(await fanout.sign(freshClaims('fastly:service-1')));
    expect(await good.text()).toBe('signed=true');
    const forged = await call(await intruder.sign(freshClaims('fastly:service-1')));
    expect(forged.status).toBe(403);
  });

  it('answers 500 for an unusable GRIP_URL binding and reports the configuration error', async () => {
    const onError = vi.fn();
    const handler: GripHandler = () => new Response('unreachable');
    const response = await handle(handler, { onError }).fetch(
      new Request('https://worker.example/'),
      { GRIP_URL: 'ftp://pushpin.internal' },
      createExecutionContext(),
    );
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ name: 'GripConfigError' });
    expect(String(onError.mock.calls[0]?.[0])).toContain('must be http or https');
  });
});
