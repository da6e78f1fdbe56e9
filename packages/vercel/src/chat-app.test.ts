import { fileURLToPath } from 'node:url';
import { wsInit } from '@faas-grip/test-support';
import { type RunningFunction, startFunction } from '@faas-grip/test-support/vercel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const chatDir = fileURLToPath(new URL('../../../apps/chat/', import.meta.url));

describe("the example chat app's Vercel entry (apps/chat/api/index.ts) in @vercel/node's dev server", () => {
  let fn: RunningFunction;
  beforeAll(async () => {
    fn = await startFunction('api/index.ts', { GRIP_PREFIX: 'chat-' }, chatDir);
  });
  afterAll(() => fn?.stop());

  it('serves the chat page', async () => {
    const response = await fetch(`${fn.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>faas-grip chat</title>');
  });

  it('accepts a WebSocket-over-HTTP OPEN and subscribes it to the prefixed room', async () => {
    const response = await fetch(`${fn.url}/chat`, wsInit('OPEN\r\n'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(
      'OPEN\r\nTEXT 2c\r\nc:{"type":"subscribe","channel":"chat-room"}\r\n',
    );
  });
});
