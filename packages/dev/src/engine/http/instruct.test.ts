import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes.js';
import { InstructError, parseGripChannels, parseGripKeepAlive, parseHoldInstruction } from './instruct.js';

describe('parseHoldInstruction', () => {
  it('is undefined for a response without Grip-Hold', () => {
    expect(parseHoldInstruction(new Headers({ 'Grip-Channel': 'a' }))).toBeUndefined();
  });

  it('reads a stream hold with keep-alive and status', () => {
    const instruction = parseHoldInstruction(
      new Headers({
        'Grip-Hold': 'stream',
        'Grip-Channel': 's1, s2; prev-id=7; filter=skip-self',
        'Grip-Keep-Alive': '\\n; format=cstring; timeout=2',
        'Grip-Status': '404 Not Here',
      }),
    );
    expect(instruction).toEqual({
      mode: 'stream',
      channels: [
        { name: 's1', prevId: undefined, filters: [] },
        { name: 's2', prevId: '7', filters: ['skip-self'] },
      ],
      timeoutSeconds: 55,
      status: { code: 404, reason: 'Not Here' },
      keepAlive: { data: utf8('\n'), timeoutSeconds: 2, mode: 'idle' },
    });
  });

  it('raises a long-poll timeout under 5 s to 5 s, as Pushpin does', () => {
    const headers = new Headers({ 'Grip-Hold': 'response', 'Grip-Channel': 'p', 'Grip-Timeout': '1' });
    expect(parseHoldInstruction(headers)?.timeoutSeconds).toBe(5);
    headers.set('Grip-Timeout', '12');
    expect(parseHoldInstruction(headers)?.timeoutSeconds).toBe(12);
  });

  it('refuses instructions it cannot follow, saying why', () => {
    expect(() => parseHoldInstruction(new Headers({ 'Grip-Hold': 'forever', 'Grip-Channel': 'a' }))).toThrow(
      /Grip-Hold "forever"/,
    );
    expect(() => parseHoldInstruction(new Headers({ 'Grip-Hold': 'stream' }))).toThrow(InstructError);
    expect(() => parseHoldInstruction(new Headers({ 'Content-Type': 'application/grip-instruct' }))).toThrow(
      /not supported by the dev proxy/,
    );
    expect(() =>
      parseHoldInstruction(
        new Headers({ 'Grip-Hold': 'response', 'Grip-Channel': 'a', 'Grip-Timeout': 'soon' }),
      ),
    ).toThrow(/Grip-Timeout/);
    expect(() =>
      parseHoldInstruction(
        new Headers({ 'Grip-Hold': 'response', 'Grip-Channel': 'a', 'Grip-Status': 'ok' }),
      ),
    ).toThrow(/Grip-Status/);
    // A 1xx is not a response a held request can end with.
    expect(() =>
      parseHoldInstruction(
        new Headers({ 'Grip-Hold': 'response', 'Grip-Channel': 'a', 'Grip-Status': '101 Switching' }),
      ),
    ).toThrow(/Grip-Status/);
    // Web Headers take a control character Node's parser refuses; a status line cannot carry it.
    expect(() =>
      parseHoldInstruction(
        new Headers({ 'Grip-Hold': 'response', 'Grip-Channel': 'a', 'Grip-Status': '200 a\x01b' }),
      ),
    ).toThrow(/reason with control characters/);
    expect(
      parseHoldInstruction(
        new Headers({ 'Grip-Hold': 'response', 'Grip-Channel': 'a', 'Grip-Status': '203 Fine\tby me' }),
      )?.status,
    ).toEqual({ code: 203, reason: 'Fine\tby me' });
    // Node fires a timer longer than about 24 days at once, so a far-off keep-alive would spin.
    expect(() =>
      parseHoldInstruction(
        new Headers({ 'Grip-Hold': 'stream', 'Grip-Channel': 'a', 'Grip-Keep-Alive': 'x; timeout=1e10' }),
      ),
    ).toThrow(/at most 2000000/);
  });
});

describe('parseGripChannels', () => {
  it('refuses an empty channel name', () => {
    expect(() => parseGripChannels('; prev-id=1')).toThrow(/empty channel name/);
  });
});

describe('parseGripKeepAlive', () => {
  it('reads raw, cstring and base64 data', () => {
    expect(parseGripKeepAlive('ping').data).toEqual(utf8('ping'));
    expect(parseGripKeepAlive('a\\tb\\\\\\"; format=cstring').data).toEqual(utf8('a\tb\\"'));
    expect(parseGripKeepAlive('AAE=; format=base64; mode=interval')).toEqual({
      data: new Uint8Array([0, 1]),
      timeoutSeconds: 55,
      mode: 'interval',
    });
  });

  it('refuses base64 data that is not base64', () => {
    for (const data of ['not base64!', 'A', 'AA=A', 'a-b_'])
      expect(() => parseGripKeepAlive(`${data}; format=base64`), data).toThrow(
        /base64 data that is not base64/,
      );
  });

  it('refuses unknown formats and modes', () => {
    expect(() => parseGripKeepAlive('x; format=hex')).toThrow(/format "hex"/);
    expect(() => parseGripKeepAlive('x; mode=sometimes')).toThrow(/mode "sometimes"/);
  });
});
