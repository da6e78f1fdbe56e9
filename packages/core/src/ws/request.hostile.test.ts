import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { GripHandler } from '../handler.js';
import { encodeWebSocketEventsBody } from './event.js';
import { getWebSocket, isWebSocketOverHttp } from './request.js';

const TYPE = 'application/websocket-events';

function post(contentType: string): Request {
  return new Request('http://origin.test/chat', {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'Connection-Id': 'forged', 'Meta-Nick': 'admin' },
    body: encodeWebSocketEventsBody([{ type: 'TEXT', content: 'forge' }]),
  });
}

// Like the chat app: identity from meta, every message to the room.
function chat(said: string[]): GripHandler {
  return async (request) => {
    const ws = await getWebSocket(request);
    while (ws.canRecv()) said.push(`${ws.meta.nick ?? 'anonymous'}: ${ws.recv()}`);
    return ws.toResponse();
  };
}

async function attempt(contentType: string) {
  const said: string[] = [];
  const response = await handleRequest(chat(said), post(contentType), { env: {}, waitUntil: () => {} });
  return { status: response.status, said };
}

/** Spellings of the media type other than the exact lower-case one. */
const otherCase = fc
  .array(fc.boolean(), { minLength: TYPE.length, maxLength: TYPE.length })
  .map((upper) => [...TYPE].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''))
  .filter((spelling) => spelling !== TYPE);

describe('only the exact Content-Type a proxy sends makes a request WebSocket-over-HTTP', () => {
  it.each([
    'Application/WebSocket-Events',
    'APPLICATION/WEBSOCKET-EVENTS',
    'application/websocket-events, text/plain',
    'application/websocket-events;charset=utf-8',
    'application/websocket-events ; x=1',
  ])(
    '%j (what Pushpin passes on from a client) is refused with 400 before the handler sees meta',
    async (type) => {
      const { status, said } = await attempt(type);
      expect(status).toBe(400);
      expect(said).toEqual([]);
    },
  );

  it('any other capitalisation is refused', async () => {
    await fc.assert(
      fc.asyncProperty(otherCase, async (type) => {
        expect(isWebSocketOverHttp(post(type))).toBe(false);
        expect((await attempt(type)).status).toBe(400);
      }),
      { numRuns: 50 },
    );
  });

  it('the exact type is WebSocket-over-HTTP', async () => {
    expect(await attempt(TYPE)).toEqual({ status: 200, said: ['admin: forge'] });
  });

  it('says what was wrong', async () => {
    const error = await getWebSocket(post('Application/WebSocket-Events')).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Content-Type exactly application\/websocket-events, got POST/);
  });
});
