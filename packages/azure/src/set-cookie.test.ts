import { describe, expect, it } from 'vitest';
import { cookieFromSetCookie } from './set-cookie.js';

describe('cookieFromSetCookie', () => {
  it('reads the name, the value and every attribute the host has a field for, in any case', () => {
    expect(
      cookieFromSetCookie(
        'sid=a=b; domain=example.com; PATH=/chat; expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=-1; SECURE; httponly; SameSite=none',
      ),
    ).toEqual({
      name: 'sid',
      value: 'a=b',
      domain: 'example.com',
      path: '/chat',
      expires: new Date('2026-10-21T07:28:00Z'),
      maxAge: -1,
      secure: true,
      httpOnly: true,
      sameSite: 'None',
    });
  });

  it.each([
    ['no name', '=value'],
    ['no equals sign', 'justaname'],
    ['an empty line', ''],
    ['a blank name', '   =x; Path=/'],
  ])('refuses a line with %s', (_what, line) => {
    expect(cookieFromSetCookie(line)).toBeNull();
  });

  it('drops attributes it cannot carry or cannot read, keeping the cookie', () => {
    expect(
      cookieFromSetCookie(
        'a=1; Partitioned; Priority=High; Max-Age=soon; Expires=never; SameSite=sometimes; Domain=',
      ),
    ).toEqual({ name: 'a', value: '1' });
  });

  it('takes a long line of separators in linear time', () => {
    const line = `a=1${'; x'.repeat(200_000)}`;
    const started = performance.now();
    expect(cookieFromSetCookie(line)).toEqual({ name: 'a', value: '1' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
