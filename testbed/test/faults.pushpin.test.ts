import { setTimeout as sleep } from 'node:timers/promises';
import { PublishError } from '@faas-grip/core';
import { afterEach, describe, expect, test } from 'vitest';
import { faultBed } from '../src/faults/fault-bed.js';
import { ReconnectingClient } from '../src/faults/reconnecting-client.js';
import type { RestartablePushpin } from '../src/faults/restartable-pushpin.js';
import { untilSubscribed } from '../src/suite/probe.js';
import { publishFromRuntime, wsItem } from '../src/suite/publishing.js';
import { TestSocket } from '../src/suite/ws-client.js';
import { pollUntil } from '../src/wait.js';

let channelCounter = 0;
function channelName(name: string): string {
  channelCounter += 1;
  return `${name}-${process.pid}-${channelCounter}`;
}

/** Everything that was opened, closed after each test whatever happened. */
const clients: { stop(): void }[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.stop();
});

function track<T extends { stop(): void } | TestSocket>(client: T): T {
  clients.push('stop' in client ? client : { stop: () => client.terminate() });
  return client;
}

describe('Pushpin restarted while clients are connected', () => {
  const bed = faultBed(1);

  test('clients see the close, reconnect, subscribe again through the app and miss no later publish', async () => {
    const { proxy, origin } = bed;
    const channel = channelName('news');
    const readers = [1, 2, 3].map(() => track(new ReconnectingClient(`${proxy.wsUrl}/ws/channels`, channel)));
    await Promise.all(readers.map((reader) => reader.untilSubscribedAgain(0, 5000)));
    await untilSubscribed(readers, (probe) => proxy.publish(wsItem(channel, probe)), `to ${channel}`);

    await proxy.stop();
    await proxy.start(origin.url);

    // Each client's first connection ended, and a later one is subscribed again.
    for (const reader of readers) {
      await reader.untilSubscribedAgain(1, 10_000);
      // No close frame: Pushpin drops its connections when it stops.
      expect(reader.connections[0]).toMatchObject({ opened: true, closed: { code: 1006 } });
    }
    // Reconnected and subscribed through the app; Pushpin takes the
    // subscription asynchronously, so the reconnect is complete once a
    // publish reaches every client.
    await untilSubscribed(
      readers,
      (probe) => proxy.publish(wsItem(channel, probe)),
      `to ${channel} after the restart`,
      10_000,
    );

    const series = Array.from({ length: 20 }, (_, i) => `news ${i + 1}`);
    for (const ws of series) await publishFromRuntime(proxy.httpUrl, { channel, ws });

    // If some never arrive, the comparison below shows which.
    await pollUntil(
      async () =>
        readers.every((reader) => reader.current.messages.length >= series.length) ? true : undefined,
      { timeoutMs: 5000, intervalMs: 10, what: `all ${series.length} publishes on every reconnected client` },
    ).catch(() => undefined);
    for (const reader of readers) {
      expect(reader.current.messages).toEqual(series);
      expect(reader.current.closed).toBeUndefined();
    }
  }, 30_000);
});

/** Messages a client can tell apart from any other connection's: `<name> 1`, `<name> 2`, … */
function numbered(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${name} ${i + 1}`);
}

/** Each socket sends its own message number `n`. */
function sendEach(sockets: readonly TestSocket[], messages: readonly string[][], n: number): void {
  for (const [i, socket] of sockets.entries()) socket.send(messages[i]![n]!);
}

/** The next `count` text messages of `socket`, each waited for at most `timeoutMs`. */
async function echoes(socket: TestSocket, count: number, timeoutMs: number): Promise<string[]> {
  const texts: string[] = [];
  for (let n = 1; n <= count; n++) texts.push(await socket.nextText(`echo ${n} of ${count}`, timeoutMs));
  return texts;
}

describe('origin down or slow while a client sends', () => {
  const bed = faultBed(1);
  afterEach(async () => {
    bed.origin.delayMs = 0;
    if (!(await originUp())) await bed.origin.start();
  });

  async function echoClients(count: number): Promise<TestSocket[]> {
    return Promise.all(
      Array.from({ length: count }, () => TestSocket.open(`${bed.proxy.wsUrl}/ws/echo`).then(track)),
    );
  }

  async function originUp(): Promise<boolean> {
    return fetch(`${bed.origin.url}/`, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
  }

  test('the origin stops mid-request and stays down ~2.5 s: every message is echoed in order, on its own connection', async () => {
    const { origin } = bed;
    const sockets = await echoClients(2);
    const sent = sockets.map((_, i) => numbered(`client ${i + 1}`, 6));
    // Connected and echoing before the fault.
    sendEach(sockets, sent, 0);
    expect(await Promise.all(sockets.map((socket) => echoes(socket, 1, 2000)))).toEqual(
      sent.map((messages) => messages.slice(0, 1)),
    );

    // The second message is still with the origin when it goes away.
    origin.delayMs = 1000;
    sendEach(sockets, sent, 1);
    await sleep(200);
    const down = Date.now();
    await origin.stop();
    origin.delayMs = 0;
    // The rest are sent while nothing listens: Pushpin's retries are refused.
    for (let n = 2; n < 6; n++) {
      sendEach(sockets, sent, n);
      await sleep(300);
    }
    await sleep(Math.max(0, 2500 - (Date.now() - down)));
    await origin.start();

    // Pushpin retries after 1, 2, 4 … s (plus up to 1 s of jitter): the
    // second retry finds the origin back.
    expect(await Promise.all(sockets.map((socket) => echoes(socket, 5, 10_000)))).toEqual(
      sent.map((messages) => messages.slice(1)),
    );
    // Nothing more: no second copy of the message that was cut off.
    await sleep(200);
    expect(sockets.map((socket) => socket.unread())).toEqual([[], []]);
  }, 30_000);

  test('a slow origin (400 ms a request) still echoes each connection its own messages, in order', async () => {
    const sockets = await echoClients(2);
    bed.origin.delayMs = 400;
    const sent = sockets.map((_, i) => numbered(`client ${i + 1}`, 10));
    for (let n = 0; n < 10; n++) sendEach(sockets, sent, n);
    expect(await Promise.all(sockets.map((socket) => echoes(socket, 10, 10_000)))).toEqual(sent);
  }, 30_000);
});

describe('a publish while one of two proxies is down', () => {
  const bed = faultBed(2, 3000);

  async function subscriber(proxy: RestartablePushpin, channel: string): Promise<TestSocket> {
    const socket = track(await TestSocket.open(`${proxy.wsUrl}/ws/channels`));
    socket.send(`sub ${channel}`);
    expect(await socket.nextText('the subscription')).toBe(`subscribed ${channel}`);
    await untilSubscribed(
      [socket],
      (probe) => proxy.publish(wsItem(channel, probe)),
      `to ${channel} on ${proxy.label}`,
    );
    return socket;
  }

  test('the live proxy delivers and the error names the dead one', async () => {
    const [live, dead] = bed.proxies as [RestartablePushpin, RestartablePushpin];
    const { origin } = bed;
    const channel = channelName('room');
    const onLive = await subscriber(live, channel);
    const onDead = await subscriber(dead, channel);

    // Both proxies are in the app's GRIP_URL: one publish reaches both.
    await publishFromRuntime(live.httpUrl, { channel, ws: 'to both' });
    expect(await onLive.nextText('the publish on the live proxy')).toBe('to both');
    expect(await onDead.nextText('the publish on the other proxy')).toBe('to both');

    await dead.stop();
    // Its client sees the connection end (no close frame: the process is gone).
    expect((await onDead.closed()).code).toBe(1006);
    const errorsBefore = origin.errors.length;
    const response = await fetch(`${live.httpUrl}/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, ws: 'one proxy down' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(502);
    expect(await onLive.nextText('the publish through the live proxy')).toBe('one proxy down');

    const reported = origin.errors.slice(errorsBefore);
    expect(reported).toHaveLength(1);
    const error = reported[0];
    expect(error).toBeInstanceOf(PublishError);
    const message = (error as PublishError).message;
    // Whole publish URLs: one port number may start with the other's digits.
    expect(message).toContain(`${dead.controlUri}/publish/`);
    expect(message).not.toContain(`${live.controlUri}/publish/`);
    expect(message).not.toContain(dead.sigKey.slice('base64:'.length));
    // Delivered once, whatever the publisher retried.
    await sleep(200);
    expect(onLive.unread()).toEqual([]);
  }, 30_000);
});
