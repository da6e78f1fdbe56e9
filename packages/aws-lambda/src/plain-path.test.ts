import type { GripHandler } from '@faas-grip/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { echo } from './fixtures/handlers.js';
import { httpApiWebSocketBinary } from './fixtures/http-api.js';
import { handle } from './handle.js';

const env = {};

// Counts the Headers and Responses made while a handler runs.
function countConstructions() {
  const made = { headers: 0, responses: 0 };
  const RealHeaders = globalThis.Headers;
  const RealResponse = globalThis.Response;
  vi.stubGlobal(
    'Headers',
    class extends RealHeaders {
      constructor(init?: HeadersInit) {
        super(init);
        made.headers++;
      }
    },
  );
  vi.stubGlobal(
    'Response',
    class extends RealResponse {
      constructor(body?: BodyInit | null, init?: ResponseInit) {
        super(body, init);
        made.responses++;
      }
    },
  );
  return made;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('an HTTP API WebSocket-over-HTTP exchange', () => {
  it('builds no Headers and no Response when the handler does not ask for them', async () => {
    const invoke = handle(echo, { env });
    const made = countConstructions();
    const result = await invoke(httpApiWebSocketBinary);
    expect(result.statusCode).toBe(200);
    expect(made).toEqual({ headers: 0, responses: 0 });
  });

  it('gives the same result, header order included, as when the handler reads the Headers of both sides', async () => {
    const looking: GripHandler = async (request, ctx) => {
      void request.headers;
      const response = await echo(request, ctx);
      void response.headers;
      return response;
    };
    const plain = await handle(echo, { env })(httpApiWebSocketBinary);
    const throughHeaders = await handle(looking, { env })(httpApiWebSocketBinary);
    expect(plain).toEqual(throughHeaders);
    expect(Object.keys(plain.headers ?? {})).toEqual(Object.keys(throughHeaders.headers ?? {}));
  });
});
