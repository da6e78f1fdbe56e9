import { getWebSocket } from '@faas-grip/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventBodyBytes } from './body.js';
import { httpApiWebSocketBinary } from './fixtures/http-api.js';
import { handle } from './handle.js';

function post(body: string, isBase64Encoded: boolean): APIGatewayProxyEventV2 {
  return {
    ...httpApiWebSocketBinary,
    headers: { host: 'api.example.test', 'content-type': 'application/octet-stream' },
    body,
    isBase64Encoded,
  };
}

const invoke = (handler: Parameters<typeof handle>[0], event: APIGatewayProxyEventV2) =>
  handle(handler, { env: {} })(event) as Promise<APIGatewayProxyStructuredResultV2>;

describe("the handler's Request", () => {
  it('is a Request whose body reads the same through arrayBuffer(), text(), the stream and a clone', async () => {
    const seen: string[] = [];
    await invoke(
      async (request) => {
        expect(request).toBeInstanceOf(Request);
        const copy = request.clone();
        seen.push(await request.text(), await new Response(copy.body).text());
        return new Response('ok');
      },
      post(Buffer.from('héllo').toString('base64'), true),
    );
    expect(seen).toEqual(['héllo', 'héllo']);
  });

  it('holds exactly the decoded bytes in a buffer of its own, for any body in either encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.string(), (bytes, text) => {
        const decoded = eventBodyBytes(Buffer.from(bytes).toString('base64'), true);
        expect(decoded === null ? new Uint8Array(0) : decoded).toEqual(bytes);
        // Not a view into Node's shared pool: arrayBuffer() hands it over whole.
        if (decoded !== null) expect(decoded.buffer.byteLength).toBe(bytes.length);
        const plain = eventBodyBytes(text, false);
        expect(plain === null ? '' : new TextDecoder().decode(plain)).toBe(text);
      }),
    );
  });
});

describe("core's answers", () => {
  it('go out from their bytes: WebSocket events base64, text as text, also after the handler changed a header', async () => {
    const ws = await invoke(async (request) => {
      const socket = await getWebSocket(request);
      socket.send('hi');
      const response = socket.toResponse();
      response.headers.set('x-after', '1');
      return response;
    }, httpApiWebSocketBinary);
    expect(ws.isBase64Encoded).toBe(true);
    expect(ws.headers?.['x-after']).toBe('1');
    expect(Buffer.from(ws.body ?? '', 'base64').toString('latin1')).toContain('TEXT 4\r\nm:hi\r\n');
    const refused = (await handle(() => new Response('no'), {
      env: { GRIP_URL: 'http://localhost:5561?iss=pushpin&key=changeme' },
    })(httpApiWebSocketBinary)) as APIGatewayProxyStructuredResultV2;
    expect(refused).toMatchObject({ statusCode: 403, isBase64Encoded: false });
    expect(refused.body).toMatch(/^Forbidden: no Grip-Sig header/);
  });

  it('read or re-wrapped by the handler, go out as the handler left them', async () => {
    const read = await invoke(async (request) => {
      const response = (await getWebSocket(request)).toResponse();
      return new Response(`length ${(await response.arrayBuffer()).byteLength}`);
    }, httpApiWebSocketBinary);
    expect(read.body).toMatch(/^length \d+$/);
    const wrapped = await invoke(async (request) => {
      const socket = await getWebSocket(request);
      socket.send('wrapped');
      const response = socket.toResponse();
      return new Response(response.body, response);
    }, httpApiWebSocketBinary);
    expect(Buffer.from(wrapped.body ?? '', 'base64').toString('latin1')).toContain('m:wrapped');
  });
});

describe('the checked URLs the adapter remembers', () => {
  const withoutBody = (headers: Record<string, string>): APIGatewayProxyEventV2 => {
    const { body: _body, ...event } = httpApiWebSocketBinary;
    return { ...event, headers, isBase64Encoded: false };
  };
  const urlOf = async (headers: Record<string, string>) => {
    let url = '';
    const result = await invoke((request) => {
      url = request.url;
      return new Response('ok');
    }, withoutBody(headers));
    return { status: result.statusCode, url };
  };

  it('answer a repeated event with its own URL, and never stand in for an event that fails the checks', async () => {
    const first = await urlOf({ host: 'one.example.test' });
    expect(first.url).toMatch(/^https:\/\/one\.example\.test\//);
    expect((await urlOf({ host: 'two.example.test' })).url).toMatch(/^https:\/\/two\.example\.test\//);
    expect(await urlOf({ host: 'one.example.test' })).toEqual(first);
    expect((await urlOf({ 'x-forwarded-proto': 'http', host: 'one.example.test' })).url).toMatch(
      /^http:\/\//,
    );
    // No Host uses the domain name; an empty Host is refused, even right after.
    expect((await urlOf({})).status).toBe(200);
    expect((await urlOf({ host: '' })).status).toBe(400);
    expect((await urlOf({ host: 'one.example.test/evil' })).status).toBe(400);
  });
});
