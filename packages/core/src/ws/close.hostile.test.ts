import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { GripHandler } from '../handler.js';
import { WebSocketContext } from './context.js';
import { decodeWebSocketEvents, encodeWebSocketEventsBody } from './event.js';
import { getWebSocket } from './request.js';

// The README's echo handler.
const echo: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) ws.close();
    else ws.send(message);
  }
  return ws.toResponse();
};

// A handler that reads the close but leaves the answer to core.
const silent: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  while (ws.canRecv()) ws.recv();
  return ws.toResponse();
};

function closeRequest(payload: Uint8Array | undefined): Request {
  return new Request('http://origin.test/ws', {
    method: 'POST',
    headers: { 'Content-Type': 'application/websocket-events', 'Connection-Id': 'c1' },
    body: encodeWebSocketEventsBody([{ type: 'CLOSE', content: payload }]),
  });
}

function payload(code: number, reason: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(2 + reason.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(reason, 2);
  return out;
}

const sendable = (code: number) =>
  (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);

/** The close the proxy is told to send: the answer's CLOSE payload, or undefined for a bare CLOSE. */
async function answeredClose(handler: GripHandler, sent: Uint8Array | undefined) {
  const response = await handleRequest(handler, closeRequest(sent), { env: {}, waitUntil: () => {} });
  expect(response.status).toBe(200);
  const events = decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer()));
  expect(events.map((e) => e.type)).toEqual(['CLOSE']);
  return events[0]!.content;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("a client's malformed CLOSE is answered with a valid close, never a 500", () => {
  it.each([[999], [0], [1004], [1005], [1006], [1015], [1016], [2999], [5000], [65535]])(
    'code %i gets 1002 and no reason',
    async (code) => {
      for (const handler of [echo, silent]) {
        expect(await answeredClose(handler, payload(code, bytes('why')))).toEqual(payload(1002));
      }
    },
  );

  it('a 1-byte payload gets 1002', async () => {
    expect(await answeredClose(echo, new Uint8Array([3]))).toEqual(payload(1002));
  });

  it('a reason over 123 bytes gets 1002', async () => {
    expect(await answeredClose(echo, payload(1000, bytes('r'.repeat(124))))).toEqual(payload(1002));
  });

  it('a reason that is not UTF-8 gets 1007', async () => {
    expect(await answeredClose(echo, payload(4000, new Uint8Array([0xff, 0xfe])))).toEqual(payload(1007));
  });

  it('a bare CLOSE is answered with a bare CLOSE, a valid one with itself', async () => {
    expect(await answeredClose(echo, undefined)).toBeUndefined();
    expect(await answeredClose(echo, payload(4002, bytes('client-bye')))).toEqual(
      payload(4002, bytes('client-bye')),
    );
  });

  it('every 2-byte code with any reason: 200 and a close that may go on the wire', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 0xffff }),
        fc.uint8Array({ maxLength: 140 }),
        fc.constantFrom(echo, silent),
        async (code, reason, handler) => {
          const sent = payload(code, reason);
          const answer = await answeredClose(handler, sent);
          const answerCode = (answer![0]! << 8) | answer![1]!;
          expect(sendable(answerCode)).toBe(true);
          let validReason = true;
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(reason);
          } catch {
            validReason = false;
          }
          const framed = sendable(code) && reason.length <= 123;
          const expected = framed && validReason ? sent : payload(framed ? 1007 : 1002);
          expect(answer).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every one of the 65,536 codes, echoed by close(): the answer may go on the wire', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const ws = new WebSocketContext({
        id: 'c1',
        meta: {},
        events: [{ type: 'CLOSE', content: payload(code) }],
      });
      expect(ws.recv()).toBeNull();
      ws.close();
      const answer = ws.getOutgoingEvents()[0]!.content!;
      const answerCode = (answer[0]! << 8) | answer[1]!;
      if (answerCode !== (sendable(code) ? code : 1002))
        expect.fail(`code ${code} answered with ${answerCode}`);
    }
  });

  it('the handler still sees the code and reason as sent', async () => {
    const ws = await getWebSocket(closeRequest(payload(999, bytes('odd'))));
    expect(ws.recv()).toBeNull();
    expect(ws.closeCode).toBe(999);
    expect(ws.closeReason).toBe('odd');
  });

  it("a handler's own invalid close code is still its bug: RangeError", async () => {
    const ws = await getWebSocket(closeRequest(payload(1000)));
    expect(() => ws.close(999)).toThrow(RangeError);
    expect(() => ws.close(1005)).toThrow(RangeError);
    expect(() => ws.close(4000, 'x'.repeat(124))).toThrow(RangeError);
  });
});
