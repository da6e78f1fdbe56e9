import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { answer, onCleanup, type Seen, setup, textOf, unexpectedResponse } from '../test-harness.js';

// An origin may answer OPEN with an empty body while setting Keep-Alive-Interval:
// Pushpin then keeps the client waiting for its 101 and sends OPEN again after
// the interval (raised to 20 s). These tests fake setTimeout only, so the
// sockets are real and the 20 s pass at once.

afterEach(() => {
  vi.useRealTimers();
});

/** Polls on real ticks (setImmediate and Date are not faked) until `check` holds, for at most 3 s. */
async function settle(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after 3000 ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets sockets and callbacks run for a while of real time, without timers. */
async function idle(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) await new Promise((resolve) => setImmediate(resolve));
}

function notYet(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, { 'Content-Type': 'application/websocket-events', ...headers });
  res.end();
}

/** A client whose handshake outcome is recorded, not awaited. */
function client(url: string): { ws: WebSocket; state: () => 'waiting' | 'open' | 'refused' } {
  const ws = new WebSocket(url);
  onCleanup(() => ws.terminate());
  let state: 'waiting' | 'open' | 'refused' = 'waiting';
  ws.on('open', () => {
    state = 'open';
  });
  ws.on('unexpected-response', () => {
    state = 'refused';
  });
  ws.on('error', () => undefined);
  return { ws, state: () => state };
}

const opens = (seen: Seen[]) => seen.filter((entry) => entry.events[0] === 'OPEN');

describe('an empty answer to OPEN that sets Keep-Alive-Interval means "ask again later"', () => {
  it('keeps the client waiting, sends OPEN again after the interval (at least 20 s) with the meta set, then opens', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let asked = 0;
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.events[0] !== 'OPEN') return answer(res, []);
      asked += 1;
      if (asked === 1) return notYet(res, { 'Keep-Alive-Interval': '5', 'Set-Meta-User': 'alice' });
      answer(res, [{ type: 'OPEN' }, { type: 'TEXT', content: 'm:welcome' }], {
        'Sec-WebSocket-Extensions': 'grip',
      });
    });
    const { ws, state } = client(`${proxy.wsUrl}/ws`);
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(String(data)));
    await settle(() => opens(seen).length === 1, 'the first OPEN');
    await idle(50);
    expect(state()).toBe('waiting');

    // Pushpin raises an interval under 20 s to 20 s.
    await vi.advanceTimersByTimeAsync(19_999);
    await idle(50);
    expect([opens(seen).length, state()]).toEqual([1, 'waiting']);

    await vi.advanceTimersByTimeAsync(1);
    await settle(() => state() !== 'waiting', 'the handshake to finish after the second OPEN');
    expect(state()).toBe('open');
    expect(opens(seen)).toHaveLength(2);
    expect(opens(seen)[1]!.headers['meta-user']).toBe('alice');
    await settle(() => messages.length === 1, 'the message sent with the OPEN');
    expect(messages).toEqual(['welcome']);
  });

  it('asks no more once the client has left during the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { proxy, seen, logs } = await setup((entry, _req, res) =>
      entry.events[0] === 'OPEN' ? notYet(res, { 'Keep-Alive-Interval': '20' }) : answer(res, []),
    );
    const { ws } = client(`${proxy.wsUrl}/ws`);
    await settle(() => opens(seen).length === 1, 'the first OPEN');
    ws.terminate();
    await settle(
      () => logs.some((l) => l.message.includes('asking again')),
      'the proxy to schedule the second OPEN',
    );
    await idle(50);
    await vi.advanceTimersByTimeAsync(60_000);
    await idle(50);
    expect(opens(seen)).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['without Keep-Alive-Interval', {}, /empty without a usable Keep-Alive-Interval \(none given\)/],
    [
      'with a Keep-Alive-Interval that is not a number',
      { 'Keep-Alive-Interval': 'soon' },
      /Keep-Alive-Interval "soon" is not a positive number/,
    ],
    ['with Keep-Alive-Interval 0', { 'Keep-Alive-Interval': '0' }, /Keep-Alive-Interval "0"/],
  ])('refuses the handshake with 502 when the empty answer comes %s', async (_what, headers, reason) => {
    const { proxy, seen } = await setup((entry, _req, res) =>
      entry.events[0] === 'OPEN' ? notYet(res, headers) : answer(res, []),
    );
    const refused = await unexpectedResponse(`${proxy.wsUrl}/ws`);
    expect(refused.statusCode).toBe(502);
    expect(await textOf(refused)).toMatch(reason);
    expect(opens(seen)).toHaveLength(1);
  });
});
