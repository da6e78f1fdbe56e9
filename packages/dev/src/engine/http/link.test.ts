import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gripLastEntry, parseGripLinks, resolveLink } from './link.js';

describe('Grip-Link', () => {
  it('reads next with its timeout and gone, resolved against the request path', () => {
    expect(
      parseGripLinks('<b?after=1>; rel=next; timeout=120, </bye>; rel="gone"', '/a/s?x=1', 'proxy:7999', 100),
    ).toEqual({ next: { path: '/a/b?after=1', timeoutSeconds: 120 }, gone: '/bye', refused: [] });
  });

  it('asks a next link again after 120 s by default, as Pushpin', () => {
    expect(parseGripLinks('</s>; rel=next', '/', undefined, 100).next).toEqual({
      path: '/s',
      timeoutSeconds: 120,
    });
  });

  it('keeps a timeout at 1 s or more, and ignores other relations and a URI with commas intact', () => {
    const links = parseGripLinks('<x>; rel=prev, </a,b>; rel=next; timeout=0.001', '/', undefined, 100);
    expect(links.next).toEqual({ path: '/a,b', timeoutSeconds: 1 });
  });

  it('refuses a link longer than the limit', () => {
    expect(parseGripLinks(`</${'a'.repeat(200)}>; rel=next`, '/', undefined, 100).refused).toEqual([
      'rel=next a link longer than 100 characters',
    ]);
  });

  it('reads a header of 100,000 unclosed brackets in linear time', () => {
    const started = Date.now();
    expect(parseGripLinks('<'.repeat(100_000), '/', undefined, 100).next).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('never names another host than the one the client reached', () => {
    const host = fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z]{2,6}){0,2}$/),
      fc.ipV4(),
      fc.constant('localhost'),
      fc.constant('127.0.0.1'),
    );
    fc.assert(
      fc.property(host, fc.integer({ min: 1, max: 65535 }), fc.webPath(), (name, port, path) => {
        const uri = `http://${name}:${port}${path}`;
        const resolved = resolveLink(uri, '/s', 'proxy.test:7999', 2048);
        const target = new URL(uri);
        if (target.host === 'proxy.test:7999') expect(resolved).toHaveProperty('path');
        else expect(resolved).toHaveProperty('refused');
      }),
    );
    // Scheme-relative and protocol tricks too.
    for (const uri of [
      '//evil.test/x',
      'ftp://proxy.test:7999/x',
      'javascript:alert(1)',
      'http://proxy.test:7999@evil.test/',
    ]) {
      expect(resolveLink(uri, '/s', 'proxy.test:7999', 2048)).toHaveProperty('refused');
    }
  });

  it('resolves any relative link to a path on the origin', () => {
    fc.assert(
      // `//x` is scheme-relative: another host, refused above.
      fc.property(
        fc.webPath().filter((p) => !p.startsWith('//')),
        fc.webQueryParameters(),
        (path, query) => {
          const resolved = resolveLink(`${path}?${query}`, '/s', 'proxy.test', 2048);
          expect('path' in resolved && resolved.path.startsWith('/')).toBe(true);
        },
      ),
    );
  });

  it('makes a Grip-Last entry only of an id a header can carry', () => {
    expect(gripLastEntry('c', '42-7', 128)).toBe('c; last-id=42-7');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (id) => {
        const entry = gripLastEntry('c', id, 128);
        if (entry !== undefined) expect(entry).toMatch(/^c; last-id=[\x21-\x2b\x2d-\x3a\x3c-\x7e]{1,128}$/);
      }),
    );
    expect(gripLastEntry('c', undefined, 128)).toBeUndefined();
    expect(gripLastEntry('c', 'x'.repeat(129), 128)).toBeUndefined();
  });
});
