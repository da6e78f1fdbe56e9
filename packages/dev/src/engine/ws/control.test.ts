import { describe, expect, it } from 'vitest';
import { ControlMessageError, parseControlMessage, parseGripExtension } from './control.js';

describe('parseControlMessage', () => {
  it('reads subscribe, unsubscribe, detach and set-meta', () => {
    expect(parseControlMessage('{"type":"subscribe","channel":"room"}')).toEqual({
      type: 'subscribe',
      channel: 'room',
      filters: [],
    });
    expect(parseControlMessage('{"type":"subscribe","channel":"r","filters":["skip-self"]}')).toMatchObject({
      filters: ['skip-self'],
    });
    expect(parseControlMessage('{"type":"unsubscribe","channel":"room"}')).toEqual({
      type: 'unsubscribe',
      channel: 'room',
    });
    expect(parseControlMessage('{"type":"detach"}')).toEqual({ type: 'detach' });
    expect(parseControlMessage('{"type":"set-meta","name":"user","value":"alice"}')).toEqual({
      type: 'set-meta',
      name: 'user',
      value: 'alice',
    });
  });

  it('reads keep-alive with its defaults, and without content as "off"', () => {
    expect(parseControlMessage('{"type":"keep-alive","content":"ka","timeout":2}')).toEqual({
      type: 'keep-alive',
      content: new TextEncoder().encode('ka'),
      messageType: 'text',
      timeoutSeconds: 2,
      mode: 'idle',
    });
    expect(
      parseControlMessage(
        '{"type":"keep-alive","content-bin":"AQI=","message-type":"ping","mode":"interval"}',
      ),
    ).toEqual({
      type: 'keep-alive',
      content: new Uint8Array([1, 2]),
      messageType: 'ping',
      timeoutSeconds: 55,
      mode: 'interval',
    });
    expect(parseControlMessage('{"type":"keep-alive"}')).toMatchObject({ content: undefined });
  });

  it('marks messages it knows but does not carry out', () => {
    expect(parseControlMessage('{"type":"session","id":"x"}')).toEqual({
      type: 'unsupported',
      name: 'session',
    });
  });

  it('refuses malformed messages with a reason', () => {
    expect(() => parseControlMessage('subscribe room')).toThrow(ControlMessageError);
    expect(() => parseControlMessage('{"type":"subscribe"}')).toThrow(/"channel"/);
    expect(() => parseControlMessage('{"type":"teleport"}')).toThrow(
      /unknown control message type "teleport"/,
    );
    expect(() => parseControlMessage('{"type":"keep-alive","content":"x","timeout":0}')).toThrow(/timeout/);
  });
});

describe('parseControlMessage refuses what the proxy could not carry out', () => {
  const refusal = (message: unknown) => {
    try {
      parseControlMessage(JSON.stringify(message));
    } catch (error) {
      expect(error).toBeInstanceOf(ControlMessageError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('a keep-alive ping or pong over 125 bytes', () => {
    expect(refusal({ type: 'keep-alive', content: 'k'.repeat(126), 'message-type': 'pong' })).toBe(
      'control message "keep-alive" has a pong of 126 bytes; a pong carries at most 125',
    );
    expect(
      parseControlMessage(
        JSON.stringify({ type: 'keep-alive', content: 'k'.repeat(125), 'message-type': 'ping' }),
      ),
    ).toMatchObject({ messageType: 'ping' });
  });

  it('a keep-alive timeout too long for a timer', () => {
    expect(refusal({ type: 'keep-alive', content: 'k', timeout: 1e12 })).toMatch(/at most 2000000/);
  });

  it('a set-meta that would not make a header', () => {
    expect(refusal({ type: 'set-meta', name: 'user', value: 'a\r\nGrip-Sig: x' })).toMatch(
      /control characters/,
    );
    expect(refusal({ type: 'set-meta', name: 'bad name', value: 'x' })).toMatch(/not a header token/);
  });

  it('a set-meta value beyond Latin-1 is kept as its UTF-8 bytes, as Pushpin sends it back', () => {
    const { value } = parseControlMessage('{"type":"set-meta","name":"nick","value":"zoë ☕"}') as {
      value: string;
    };
    expect(Buffer.from(value, 'latin1').toString('utf8')).toBe('zoë ☕');
  });
});

describe('parseGripExtension', () => {
  it('finds grip with the default and a custom message prefix', () => {
    expect(parseGripExtension('grip')).toEqual({ grip: true, prefix: 'm:' });
    expect(parseGripExtension('permessage-deflate, grip; message-prefix=""')).toEqual({
      grip: true,
      prefix: '',
    });
    expect(parseGripExtension('grip; message-prefix="msg:"')).toEqual({ grip: true, prefix: 'msg:' });
  });

  it('reports grip off when absent', () => {
    expect(parseGripExtension(null)).toEqual({ grip: false, prefix: '' });
    expect(parseGripExtension('permessage-deflate')).toEqual({ grip: false, prefix: '' });
  });
});
