import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestFromV2 } from './event-v2.js';
import { plainHeaders } from './plain-headers.js';
import { appendHeaders } from './request.js';

// What a Headers object makes of the event's headers, or the error it refuses them with.
function throughHeaders(headers: Record<string, string>, cookies: string[]): [string, string][] | 'refused' {
  try {
    const built = appendHeaders(new Headers(), headers, undefined);
    if (cookies.length > 0) built.set('cookie', cookies.join('; '));
    return [...built];
  } catch {
    return 'refused';
  }
}

function v2(headers: Record<string, string>, cookies: string[]): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/ws',
    rawQueryString: '',
    headers: { host: 'fn.example', ...headers },
    cookies,
    requestContext: { http: { method: 'POST' }, stage: '$default', domainName: 'fn.example' },
    body: 'TEXT 2\r\nhi\r\n',
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

// Names and values around the edges of what Headers keeps, normalises or refuses.
const nameChar = fc.constantFrom(...'abcxyz-_0.!Z~ :é\u0000'.split(''));
const valueChar = fc.constantFrom(...'ab ,;=\t\r\n\u0000\u0001\u007f\u00e9\u0100\u2603'.split(''));
const headerMap = fc.dictionary(
  fc.string({ unit: nameChar, minLength: 1, maxLength: 6 }),
  fc.string({ unit: valueChar, maxLength: 6 }),
  { maxKeys: 5 },
);
const cookieList = fc.array(fc.string({ unit: valueChar, maxLength: 4 }), { maxLength: 2 });

describe('the headers of an HTTP API event', () => {
  it('are exactly what Headers would hold, read without building Headers, or a 400 where Headers refuses them', () => {
    fc.assert(
      fc.property(headerMap, cookieList, (headers, cookies) => {
        const expected = throughHeaders({ host: 'fn.example', ...headers }, cookies);
        let request: Request;
        try {
          request = requestFromV2(v2(headers, cookies));
        } catch (error) {
          expect(expected).toBe('refused');
          expect(error).toMatchObject({ status: 400 });
          return;
        }
        expect(expected).not.toBe('refused');
        expect([...request.headers]).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('go into the plain list only when they are lower-case tokens whose values Headers keeps unchanged', () => {
    fc.assert(
      fc.property(headerMap, (headers) => {
        const plain = plainHeaders(headers);
        if (plain === undefined) return;
        const built = new Headers();
        for (const [name, value] of Object.entries(headers)) built.append(name, value);
        expect([...plain].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual([...built]);
      }),
    );
    expect(plainHeaders({ Host: 'a' })).toBeUndefined();
    expect(plainHeaders({ host: ' a' })).toBeUndefined();
    expect(plainHeaders({ host: 'a\u0100' })).toBeUndefined();
    expect(plainHeaders({ host: 'a', 'x-b': 'c d' })).toEqual(
      new Map([
        ['host', 'a'],
        ['x-b', 'c d'],
      ]),
    );
  });
});
