import type { ALBEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observe } from './fixtures/observe.js';
import { hasDotSegment } from './fixtures/paths.js';
import { doors, eventFor } from './fixtures/targets.js';

const path = '/fn';

async function expectRefused(outcome: ReturnType<typeof observe>, reason: RegExp): Promise<void> {
  const seen = await outcome;
  expect(seen).toMatchObject({ handled: false, status: 400 });
  if (!seen.handled) expect(seen.body).toMatch(reason);
}

describe.each(doors)('%s: the Host header', (door) => {
  it.each([
    ['evil.example/admin', /Host header "evil\.example\/admin" is not a valid host/],
    ['evil.example?admin', /Host header "evil\.example\?admin" is not a valid host/],
    ['evil.example#admin', /Host header "evil\.example#admin" is not a valid host/],
    ['evil.example\\admin', /Host header "evil\.example\\\\admin" is not a valid host/],
  ])('%s is refused with 400 instead of moving the path', async (host, reason) => {
    await expectRefused(observe(eventFor(door, { host, path }).event), reason);
  });

  it('user@evil.example is refused with 400 instead of a 500', async () => {
    await expectRefused(
      observe(eventFor(door, { host: 'user@evil.example', path }).event),
      /not a valid host/,
    );
  });

  it.each([
    ['empty', ''],
    ['whitespace', 'evil.example admin'],
    ['a control character', 'evil.example\u0001'],
    ['a port that is not a number', 'evil.example:admin'],
    ['a port above 65535', 'evil.example:65536'],
    ['a percent-encoded name', '%65vil.example'],
    ['a name a URL reads as another address (hex)', '0x7f.1'],
    ['a name a URL reads as another address (octal)', '010.0.0.1'],
    ['a name a URL refuses', 'evil.123'],
    ['an unclosed IPv6 literal', '[::1'],
    ['an IPv6 literal with something after it', '[::1]evil.example'],
    ['an IPv6 zone id', '[fe80::1%25eth0]'],
    ['non-ASCII', 'évil.example'],
  ])('%s is refused with 400', async (_what, host) => {
    await expectRefused(observe(eventFor(door, { host, path }).event), /not a valid host/);
  });

  it.each([
    ['Grip-Origin.Example:8443', 'grip-origin.example:8443'],
    ['grip-origin.example:443', 'grip-origin.example'],
    ['127.0.0.1:3000', '127.0.0.1:3000'],
    ['[::1]:3000', '[::1]:3000'],
    ['[0:0::1]', '[::1]'],
    ["a-b_c~d!$&'()*+;=.example", "a-b_c~d!$&'()*+;=.example"],
  ])('%s is a host: the handler sees %s', async (host, expected) => {
    const seen = await observe(eventFor(door, { host, path, q: 'x' }).event);
    expect(seen).toMatchObject({ handled: true });
    if (seen.handled) {
      expect(seen.url.host).toBe(expected);
      expect(seen.url.pathname).toBe(path);
      expect(seen.url.searchParams.get('q')).toBe('x');
    }
  });
});

describe.each(['REST', 'HTTP API', 'function URL'] as const)('%s: requestContext.domainName', (door) => {
  it('is the host when there is no Host header', async () => {
    const seen = await observe(eventFor(door, { host: undefined, domainName: 'api.example', path }).event);
    expect(seen.handled && seen.url.host).toBe('api.example');
  });

  it.each(['evil.example/admin', 'user@evil.example', ''])('%j is refused with 400', async (domainName) => {
    await expectRefused(
      observe(eventFor(door, { host: undefined, domainName, path }).event),
      /domainName ".*" is not a valid host/,
    );
  });
});

describe('ALB without a Host header', () => {
  it.each(['ALB single-value', 'ALB multi-value'] as const)(
    '%s: the handler sees localhost',
    async (door) => {
      const seen = await observe(eventFor(door, { host: undefined, path }).event);
      expect(seen.handled && seen.url.host).toBe('localhost');
    },
  );
});

describe('two Host headers', () => {
  it('are refused joined with a comma, as payload 2.0 joins them', async () => {
    await expectRefused(
      observe(eventFor('function URL', { host: 'a.example,evil.example', path }).event),
      /not a valid host: it holds more than one host/,
    );
  });

  it('are refused in ALB multi-value mode', async () => {
    const event = eventFor('ALB multi-value', { host: 'a.example', path }).event as ALBEvent;
    const headers = { ...event.multiValueHeaders, host: ['a.example', 'evil.example'] };
    await expectRefused(observe({ ...event, multiValueHeaders: headers }), /not a valid host/);
  });
});

/** What the URL parser keeps of a host the adapter accepted: lower case, no default port, canonical IPv6. */
function expectSameHost(url: URL, given: string): void {
  const close = given.indexOf(']');
  const colon = given.indexOf(':', close + 1);
  const name = colon === -1 ? given : given.slice(0, colon);
  const port = colon === -1 ? '' : given.slice(colon + 1);
  if (name.startsWith('[')) expect(url.hostname).toBe(new URL(`https://${name}/`).hostname);
  else expect(url.hostname).toBe(name.toLowerCase());
  const number = port === '' || Number(port) === 443 ? '' : String(Number(port));
  expect(url.port).toBe(number);
}

const hostChars = [..."aZ09.-_~!$&'()*+,;=:[]@/?#\\% \t\u0000\u007fé"];
const hosts = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...hostChars), maxLength: 24 }),
  fc
    .tuple(fc.domain(), fc.constantFrom('', ':', ':443', ':08080', ':65535', ':65536', '/x', '@evil'))
    .map(([name, rest]) => name + rest),
  fc.ipV4().map((ip) => `${ip}:8080`),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.ipV4Extended(),
);

const paths = fc.oneof(
  fc.constant('/items/42'),
  fc.webPath().filter((path) => path.startsWith('/') && !hasDotSegment(path)),
);

describe('any Host header and path, through every front door', () => {
  it('give either a 400 before the handler runs, or a URL with that host and the event’s own path and query', async () => {
    const counts = { handled: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...doors), hosts, paths, async (door, host, path) => {
        const seen = await observe(eventFor(door, { host, path, q: 'a b' }).event);
        counts[seen.handled ? 'handled' : 'refused']++;
        if (!seen.handled) {
          expect(seen.status).toBe(400);
          // A value Headers refuses (NUL, CR, LF, code points above U+00FF) is caught one step earlier.
          expect(seen.body).toMatch(
            /^The (Host header .* is not a valid host: |event's header "host" is not valid HTTP)/i,
          );
          return;
        }
        // A header value never includes the whitespace around it (RFC 9110 section 5.5).
        expectSameHost(seen.url, host.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''));
        expect(seen.url.protocol).toBe('https:');
        expect(seen.url.username + seen.url.password).toBe('');
        expect(seen.url.pathname).toBe(path);
        expect(seen.url.searchParams.get('q')).toBe('a b');
        expect(seen.url.hash).toBe('');
      }),
      { numRuns: 1000 },
    );
    // Both outcomes must be exercised, or the property proves little.
    expect(counts.handled).toBeGreaterThan(200);
    expect(counts.refused).toBeGreaterThan(200);
  });
});
