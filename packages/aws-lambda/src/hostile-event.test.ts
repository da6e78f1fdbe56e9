import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LambdaHttpEvent } from './event-kind.js';
import { observe } from './fixtures/observe.js';
import { type Door, doors, eventFor } from './fixtures/targets.js';

// Events a test invoke, another service or a hand-written fixture can send:
// each field of the wrong type or form is a 400 that names it, not a 500.

const host = 'grip.example';

function event(door: Door, patch: Record<string, unknown>): LambdaHttpEvent {
  return { ...eventFor(door, { host, path: '/fn' }).event, ...patch } as LambdaHttpEvent;
}

async function expectRefused(sent: LambdaHttpEvent, reason: RegExp): Promise<void> {
  const seen = await observe(sent);
  expect(seen).toMatchObject({ handled: false, status: 400 });
  if (!seen.handled) expect(seen.body).toMatch(reason);
}

const post = (door: Door) => (door === 'HTTP API' || door === 'function URL' ? {} : { httpMethod: 'POST' });

describe.each(doors)('%s: a malformed event', (door) => {
  it.each(['SGVsbG8*', 'SGVs bG8=', 'SGVsbG8=SGVsbG8=', 'S', '%%%%'])(
    'a body marked base64 that is not (%j) is refused, instead of handing the handler other bytes',
    async (body) => {
      await expectRefused(
        event(door, { ...post(door), body, isBase64Encoded: true }),
        /^The event says its body is base64, but it is not/,
      );
    },
  );

  it.each([
    ['a number', 42],
    ['an object', { text: 'hi' }],
  ])('a body that is %s is refused', async (_what, body) => {
    await expectRefused(
      event(door, { ...post(door), body, isBase64Encoded: false }),
      /^The event's body is not text/,
    );
  });

  it.each([
    ['a number', 42],
    ['an object', { value: 'x' }],
  ])('a header value that is %s is refused, naming the header', async (_what, value) => {
    const sent = event(door, {}) as { headers?: Record<string, unknown>; multiValueHeaders?: unknown };
    if (door === 'ALB multi-value' || door === 'REST') {
      sent.multiValueHeaders = { host: [host], 'x-odd': [value] };
    } else {
      sent.headers = { host, 'x-odd': value };
    }
    await expectRefused(sent as LambdaHttpEvent, /^The event's (multiValueHeaders|headers) "x-odd" /);
  });

  it('a header map that is not a map is refused', async () => {
    const field = door === 'ALB multi-value' || door === 'REST' ? 'multiValueHeaders' : 'headers';
    await expectRefused(event(door, { [field]: 'host: evil.example' }), /is not a map/);
  });

  it('a header value with CR LF is refused, naming the header', async () => {
    const field = door === 'ALB multi-value' || door === 'REST' ? 'multiValueHeaders' : 'headers';
    const value = 'a\r\nx-injected: 1';
    const headers = field === 'headers' ? { host, 'x-odd': value } : { host: [host], 'x-odd': [value] };
    await expectRefused(event(door, { [field]: headers }), /^The event's header "x-odd" is not valid HTTP/);
  });
});

describe('malformed fields of one front door', () => {
  it.each(['REST', 'ALB single-value', 'ALB multi-value'] as const)(
    '%s: a missing path is refused',
    async (door) => {
      await expectRefused(event(door, { path: undefined }), /^The event carries no path/);
    },
  );

  it('HTTP API: a missing rawPath is refused', async () => {
    await expectRefused(event('function URL', { rawPath: undefined }), /^The event carries no path/);
  });

  it.each([
    ['REST', { httpMethod: 'GE T' }],
    ['ALB single-value', { httpMethod: undefined }],
    ['ALB multi-value', { httpMethod: '' }],
  ] as const)('%s: a method that is not a token is refused', async (door, patch) => {
    await expectRefused(event(door, patch), /^The event carries no valid HTTP method/);
  });

  it('function URL: a missing requestContext.http.method is refused', async () => {
    const base = eventFor('function URL', { host, path: '/fn' }).event as { requestContext: object };
    const requestContext = { ...base.requestContext, http: { path: '/fn' } };
    await expectRefused(
      { ...base, requestContext } as LambdaHttpEvent,
      /^The event carries no valid HTTP method/,
    );
  });

  it.each(['TRACE', 'connect', 'TRACK'])('%s is answered 405 instead of a 500', async (httpMethod) => {
    const seen = await observe(event('ALB single-value', { httpMethod }));
    expect(seen).toMatchObject({ handled: false, status: 405 });
  });

  it.each([
    ['a string', 'a=1'],
    ['a list with a number', ['a=1', 2]],
  ])('HTTP API: cookies that are %s are refused', async (_what, cookies) => {
    await expectRefused(event('HTTP API', { cookies }), /^The event's cookies are not a list of text/);
  });

  it('HTTP API: cookies that are not valid HTTP are refused', async () => {
    await expectRefused(
      event('HTTP API', { cookies: ['a=1\r\nx: y'] }),
      /^The event's cookies are not valid HTTP/,
    );
  });

  it('HTTP API: a rawQueryString that is not text is refused', async () => {
    await expectRefused(event('HTTP API', { rawQueryString: 42 }), /^The event's rawQueryString is not text/);
  });

  it.each([
    ['REST', { queryStringParameters: { q: 1 }, multiValueQueryStringParameters: null }],
    ['REST', { multiValueQueryStringParameters: { q: 'a' } }],
    ['ALB single-value', { queryStringParameters: { q: ['a'] } }],
    ['ALB multi-value', { multiValueQueryStringParameters: { q: [null, 1] } }],
  ] as const)('%s: query parameters of the wrong type are refused', async (door, patch) => {
    await expectRefused(event(door, patch), /^The event's (multiValue)?[qQ]ueryStringParameters "q" /);
  });
});

/** The function URL event for a POST with this body. */
function postWithBody(body: string): LambdaHttpEvent {
  const base = eventFor('function URL', { host, path: '/fn' }).event as APIGatewayProxyEventV2;
  const http = { ...base.requestContext.http, method: 'POST' };
  return { ...base, body, isBase64Encoded: true, requestContext: { ...base.requestContext, http } };
}

async function bodySeen(body: string): Promise<Buffer | 'refused'> {
  let received = Buffer.alloc(0);
  const seen = await observe(postWithBody(body), async (request) => {
    received = Buffer.from(await request.arrayBuffer());
  });
  if (seen.handled) return received;
  expect(seen.status).toBe(400);
  return 'refused';
}

describe('base64 bodies', () => {
  it('any bytes, base64-encoded, reach the handler exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (bytes) => {
        expect(await bodySeen(Buffer.from(bytes).toString('base64'))).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('any other text is refused, or decoded with no character skipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom(...'AZaz09+/=-_ %\n'), minLength: 1, maxLength: 24 }),
        async (body) => {
          const seen = await bodySeen(body);
          if (seen === 'refused') return;
          // Every character carried 6 bits of the body: none was dropped on the way.
          expect(seen.length).toBe(Math.floor((body.replace(/=+$/, '').length * 6) / 8));
          expect(body).toMatch(/^[A-Za-z0-9+/]+=*$/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** The fields each front door's event is read from, by path. */
const fields: Record<Door, string[]> = {
  REST: [
    'httpMethod',
    'path',
    'headers',
    'headers.Host',
    'multiValueHeaders',
    'multiValueHeaders.Host',
    'queryStringParameters',
    'multiValueQueryStringParameters',
    'requestContext.domainName',
    'body',
    'isBase64Encoded',
  ],
  'HTTP API': [
    'rawPath',
    'rawQueryString',
    'cookies',
    'headers',
    'headers.host',
    'requestContext.domainName',
    'requestContext.stage',
    'requestContext.http.method',
    'body',
    'isBase64Encoded',
  ],
  'function URL': ['rawPath', 'headers', 'requestContext.http', 'body'],
  'ALB single-value': ['httpMethod', 'path', 'headers', 'headers.host', 'queryStringParameters', 'body'],
  'ALB multi-value': [
    'multiValueHeaders',
    'multiValueHeaders.host',
    'multiValueQueryStringParameters',
    'multiValueQueryStringParameters.q',
  ],
};

const doorField = fc
  .constantFrom(...doors)
  .chain((door) => fc.tuple(fc.constant(door), fc.constantFrom(...fields[door])));

describe('any value in any field', () => {
  it('gets an answer without a 500 or a logged error, or the error for an event that is not HTTP', async () => {
    await fc.assert(
      fc.asyncProperty(
        doorField,
        fc.anything({ withBigInt: true, withTypedArray: true, withMap: true }),
        async ([door, field], value) => {
          const sent = structuredClone(
            eventFor(door, { host, path: '/fn', q: '1' }).event,
          ) as unknown as Record<string, unknown>;
          const keys = field.split('.');
          let target = sent;
          for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
          target[keys[keys.length - 1]!] = value;
          try {
            await observe(sent as unknown as LambdaHttpEvent);
          } catch (error) {
            // Without its method or request context an event is no longer an HTTP invocation.
            expect(String(error)).toMatch(/not an HTTP event from API Gateway, a function URL or an ALB/);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
