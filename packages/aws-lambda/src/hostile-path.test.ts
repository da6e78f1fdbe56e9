import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observe } from './fixtures/observe.js';
import { decodedBytes, hasDotSegment } from './fixtures/paths.js';
import { doors, eventFor } from './fixtures/targets.js';

const host = 'grip.example';

async function expectRefused(outcome: ReturnType<typeof observe>, reason: RegExp): Promise<void> {
  const seen = await outcome;
  expect(seen).toMatchObject({ handled: false, status: 400 });
  if (!seen.handled) expect(seen.body).toMatch(reason);
}

async function urlFor(...args: Parameters<typeof eventFor>): Promise<URL> {
  const seen = await observe(eventFor(...args).event);
  if (!seen.handled) throw new Error(`refused with ${seen.status}: ${seen.body}`);
  return seen.url;
}

// The HTTP API fixture has a named stage in front of the path, so its rawPath always starts with `/`.
const rawPathDoors = doors.filter((door) => door !== 'HTTP API');

describe.each(doors)('%s: a hostile path', (door) => {
  it('//evil.example/x stays the path; the host stays the Host header', async () => {
    const url = await urlFor(door, { host, path: '//evil.example/x' });
    expect(url.host).toBe(host);
    expect(url.pathname).toBe('//evil.example/x');
    // Parsing the URL again, as `new Request` does, keeps the host.
    expect(new URL(url.href).host).toBe(host);
  });

  it('//evil.example/x with an empty Host is refused, never read as the host evil.example', async () => {
    await expectRefused(
      observe(eventFor(door, { host: '', path: '//evil.example/x' }).event),
      /^The Host header "" is not a valid host: it is empty/,
    );
  });

  it('a backslash stays in the path instead of becoming a /', async () => {
    const url = await urlFor(door, { host, path: '/\\evil.example/x' });
    expect(url.host).toBe(host);
    expect(url.pathname).toBe('/%5Cevil.example/x');
  });

  it('? and # in the path stay in the path; the query comes from the event only', async () => {
    const url = await urlFor(door, { host, path: '/a?admin=1#x', q: 'v' });
    expect(url.pathname).toBe('/a%3Fadmin=1%23x');
    expect(url.searchParams.get('q')).toBe('v');
    expect(url.searchParams.has('admin')).toBe(false);
    expect(url.hash).toBe('');
  });

  it.each([
    ['/a/../b', '/b'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/a/%2E%2e/b', '/b'],
    ['/a/./b/.', '/a/b/'],
  ])('dot segments in %s are resolved as the URL standard does: %s', async (path, expected) => {
    const url = await urlFor(door, { host, path });
    expect(url.host).toBe(host);
    expect(url.pathname).toBe(expected);
  });

  it.each([
    ['CR LF', '/a\r\nX-Injected: 1'],
    ['NUL', '/a\u0000b'],
    ['tab', '/a\tb'],
    ['DEL', '/a\u007fb'],
  ])('a path with %s is refused with 400', async (_what, path) => {
    await expectRefused(observe(eventFor(door, { host, path }).event), /^The path holds a control character/);
  });

  it('a # in the query stays in the query', async () => {
    const url = await urlFor(door, { host, path: '/a', q: 'x#y' });
    expect(url.searchParams.get('q')).toBe('x#y');
    expect(url.hash).toBe('');
  });
});

describe.each(rawPathDoors)('%s: a path that does not start with /', (door) => {
  it.each(['fn', 'evil.example/admin', 'https://evil.example/admin', '', '*'])(
    '%j is refused with 400',
    async (path) => {
      await expectRefused(
        observe(eventFor(door, { host, path }).event),
        /^The (path does not start with \/|event carries no path)/,
      );
    },
  );
});

describe('payload 2.0 and ALB queries', () => {
  it.each(['function URL', 'ALB single-value', 'ALB multi-value'] as const)(
    '%s: a query with a control character is refused with 400',
    async (door) => {
      await expectRefused(
        observe(eventFor(door, { host, path: '/', q: 'a\r\nb' }).event),
        /^The query holds a control character/,
      );
    },
  );

  it('a rawQueryString that itself starts with ? keeps it', async () => {
    const { event } = eventFor('function URL', { host, path: '/' });
    const seen = await observe({ ...event, rawQueryString: '?x=1' });
    expect(seen.handled && seen.url.search).toBe('??x=1');
  });
});

const hostileChars = [...'aZ09/.%2eE?#\\@:;= \'"<>^`{|}~\t\r\n\u0000\u007fé😀'];
const paths = fc.oneof(
  fc.webPath(),
  fc.string({ unit: fc.constantFrom(...hostileChars), maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...hostileChars), maxLength: 30 }).map((path) => `/${path}`),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((path) => `/${path}`),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((path) => `/${path}`),
);
const queryValues = fc.oneof(
  fc.constant(undefined),
  fc.webQueryParameters(),
  fc.string({ unit: fc.constantFrom(...hostileChars), maxLength: 20 }),
);

describe('any path and query, through every front door', () => {
  it('give either a 400 before the handler runs, or a URL on the given host with the event’s path and query', async () => {
    const counts = { handled: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...rawPathDoors), paths, queryValues, async (door, path, q) => {
        const { event, query } = eventFor(door, { host, path, q });
        const seen = await observe(event);
        counts[seen.handled ? 'handled' : 'refused']++;
        if (!seen.handled) {
          expect(seen.status).toBe(400);
          return;
        }
        expect(seen.url.host).toBe(host);
        expect(seen.url.hash).toBe('');
        expect(seen.url.pathname.startsWith('/')).toBe(true);
        if (!hasDotSegment(path)) expect(decodedBytes(seen.url.pathname)).toBe(decodedBytes(path));
        expect(decodedBytes(seen.url.search)).toBe(decodedBytes(query === '' ? '' : `?${query}`));
      }),
      { numRuns: 1000 },
    );
    expect(counts.handled).toBeGreaterThan(200);
    expect(counts.refused).toBeGreaterThan(100);
  });

  it('a valid path without dot segments reaches the handler exactly as sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...doors),
        fc.webPath().filter((path) => path !== '' && !hasDotSegment(path)),
        async (door, path) => {
          expect((await urlFor(door, { host, path })).pathname).toBe(path);
        },
      ),
      { numRuns: 500 },
    );
  });
});
