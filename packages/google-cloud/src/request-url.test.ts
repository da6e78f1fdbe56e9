import type { IncomingMessage } from 'node:http';
import { GripError } from '@faas-grip/core';
import { describe, expect, it } from 'vitest';
import { requestUrl } from './request-url.js';

function withHost(host: string | undefined, url = '/path?q=1'): IncomingMessage {
  return { url, headers: host === undefined ? {} : { host }, socket: null } as unknown as IncomingMessage;
}

function statusOf(host: string | undefined): number | string {
  try {
    return requestUrl(withHost(host));
  } catch (error) {
    return error instanceof GripError ? error.status : 'other error';
  }
}

describe('requestUrl', () => {
  it.each([
    ['my_app:8080', 'http://my_app:8080/path?q=1'],
    ['my_app', 'http://my_app/path?q=1'],
    ['Example.COM', 'http://example.com/path?q=1'],
    ['example.com:443', 'http://example.com:443/path?q=1'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080/path?q=1'],
    ['[::1]:8080', 'http://[::1]:8080/path?q=1'],
  ])('accepts the Host %s, as @faas-grip/node does', (host, url) => {
    expect(statusOf(host)).toBe(url);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with user info', 'user@evil.example'],
    ['with a path', 'evil.example/x'],
    ['with a query', 'evil.example?x'],
    ['with a fragment', 'evil.example#x'],
    ['with a space', 'evil example'],
    ['with a backslash', 'evil.example\\x'],
    ['with a bad port', 'example.com:99999'],
  ])('answers a Host header %s with 400', (_what, host) => {
    expect(statusOf(host)).toBe(400);
  });
});
