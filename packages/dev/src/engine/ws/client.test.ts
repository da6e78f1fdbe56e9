import { describe, expect, it } from 'vitest';
import { isSendableCloseCode, truncateUtf8 } from './client.js';

describe('close frames the proxy sends', () => {
  it('only carry codes an endpoint may send', () => {
    const sendable = [1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999];
    const not = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 1000.5];
    expect(sendable.filter(isSendableCloseCode)).toEqual(sendable);
    expect(not.filter(isSendableCloseCode)).toEqual([]);
  });

  it('cut a reason to 123 bytes without splitting a character', () => {
    expect(truncateUtf8('short', 123)).toBe('short');
    const cut = truncateUtf8('é'.repeat(100), 123);
    expect([cut.length, Buffer.byteLength(cut)]).toEqual([61, 122]);
  });
});
