import { describe, expect, it } from 'vitest';
import { mediaType } from './media-type.js';

describe('mediaType', () => {
  it('drops parameters and case', () => {
    expect(mediaType('Application/WebSocket-Events; charset=utf-8')).toBe('application/websocket-events');
    expect(mediaType(null)).toBe('');
  });
});
