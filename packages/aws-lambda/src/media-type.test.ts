import { describe, expect, it } from 'vitest';
import { isTextMediaType, matchesMediaTypes } from './media-type.js';

describe('media types', () => {
  it('matches binaryMediaTypes entries, wildcards included', () => {
    expect(matchesMediaTypes('application/websocket-events', ['application/websocket-events'])).toBe(true);
    expect(matchesMediaTypes('image/png', ['image/*'])).toBe(true);
    expect(matchesMediaTypes('application/json', ['*/*'])).toBe(true);
    expect(matchesMediaTypes('application/websocket-events', ['image/*', 'application/octet-stream'])).toBe(
      false,
    );
    expect(matchesMediaTypes('application/websocket-events', [])).toBe(false);
  });

  it('knows which types travel as text', () => {
    for (const type of ['text/html', 'application/json', 'application/problem+json', 'image/svg+xml']) {
      expect(isTextMediaType(type)).toBe(true);
    }
    for (const type of ['application/websocket-events', 'application/octet-stream', 'image/png', '']) {
      expect(isTextMediaType(type)).toBe(false);
    }
  });
});
