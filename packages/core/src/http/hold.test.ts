import { describe, expect, it } from 'vitest';
import { gripChannelHeader, parseGripLast, prefixGripChannelHeader } from './channel.js';
import { holdLongPoll, holdStream } from './hold.js';
import { gripKeepAliveHeader } from './keep-alive.js';

describe('hold helpers', () => {
  it('builds a stream hold like the seed raw headers, plus keep-alive', async () => {
    const response = holdStream(['news', { name: 'scores', prevId: '41', filters: ['skip-self'] }], {
      body: 'stream opened\n',
      keepAlive: { data: '\n', timeout: 20 },
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'text/plain',
      'grip-hold': 'stream',
      'grip-channel': 'news, scores; prev-id=41; filter=skip-self',
      'grip-keep-alive': '\\n; format=cstring; timeout=20',
    });
    expect(await response.text()).toBe('stream opened\n');
  });

  it('builds a long-poll hold with timeout, status and next link', () => {
    const response = holdLongPoll('updates', {
      body: '{"items":[]}',
      headers: { 'Content-Type': 'application/json' },
      timeout: 20,
      status: { code: 304, reason: 'Not Modified' },
      next: { uri: '/updates?since=5', timeout: 60 },
    });
    expect(response.headers.get('grip-hold')).toBe('response');
    expect(response.headers.get('grip-timeout')).toBe('20');
    expect(response.headers.get('grip-status')).toBe('304 Not Modified');
    expect(response.headers.get('grip-link')).toBe('</updates?since=5>; rel=next; timeout=60');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('refuses channel names that would break the header', () => {
    expect(() => gripChannelHeader('a,b')).toThrow(/without commas/);
    expect(() => gripChannelHeader([])).toThrow(/at least one channel/);
  });

  it('writes keep-alive data that a header cannot hold as base64', () => {
    expect(gripKeepAliveHeader('a;b')).toBe(`${btoa('a;b')}; format=base64`);
    expect(gripKeepAliveHeader(new Uint8Array([0, 255]))).toBe('AP8=; format=base64');
    // Pushpin's cstring has no \t or \" (it would drop the character) and trims the value's spaces.
    expect(gripKeepAliveHeader('a\tb')).toBe(`${btoa('a\tb')}; format=base64`);
    expect(gripKeepAliveHeader('say "hi"')).toBe(`${btoa('say "hi"')}; format=base64`);
    expect(gripKeepAliveHeader(' ')).toBe(`${btoa(' ')}; format=base64`);
    expect(gripKeepAliveHeader('a b\\\r\n')).toBe('a b\\\\\\r\\n; format=cstring');
    expect(() => gripKeepAliveHeader('')).toThrow(/must not be empty/);
  });

  it('prefixes channels and reads Grip-Last without the prefix', () => {
    expect(prefixGripChannelHeader('a; prev-id=1, b', 'dev-')).toBe('dev-a; prev-id=1, dev-b');
    const request = new Request('http://o.test/', {
      headers: { 'Grip-Last': 'dev-a; last-id=7, dev-b; last-id=9' },
    });
    expect(parseGripLast(request, 'dev-')).toEqual(
      new Map([
        ['a', '7'],
        ['b', '9'],
      ]),
    );
  });

  it('with a prefix, reads Grip-Last only for channels that carry it', () => {
    const grip = (value: string) => new Request('http://o.test/', { headers: { 'Grip-Last': value } });
    // `feed` is not this deployment's channel: its id must not stand for `app-feed`'s.
    expect(parseGripLast(grip('feed; last-id=abc, app-feed; last-id=def'), 'app-')).toEqual(
      new Map([['feed', 'def']]),
    );
    expect(parseGripLast(grip('app-feed; last-id=def, feed; last-id=abc'), 'app-')).toEqual(
      new Map([['feed', 'def']]),
    );
    expect(parseGripLast(grip('feed; last-id=abc'), 'app-')).toEqual(new Map());
    expect(parseGripLast(grip('app-; last-id=abc'), 'app-')).toEqual(new Map());
    // Without a prefix every channel is read as it is.
    expect(parseGripLast(grip('feed; last-id=abc'))).toEqual(new Map([['feed', 'abc']]));
  });
});
