/**
 * A WebSocket round trip (connect, send, receive the echo, close) through the
 * in-process test proxy, next to the same through the dev proxy over loopback:
 * `pnpm --filter @faas-grip/bench kit [--rounds N] [--ops N]`. Both sides run
 * the bench's faas-grip echo with Grip-Sig verification on, alternating
 * rounds; the figures are medians of per-round means, in µs per round trip.
 */
import { parseArgs } from 'node:util';
import { startDevProxy } from '@faas-grip/dev';
import { serve } from '@faas-grip/node';
import { createTestProxy } from '@faas-grip/testing';
import WebSocket from 'ws';
import { echo } from './suite/echo/ours.js';
import { spread } from './suite/stats.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '9' }, ops: { type: 'string', default: '300' } },
});
const rounds = Number(values.rounds);
const ops = Number(values.ops);

type Side = () => Promise<void>;

async function kitSide(): Promise<{ trip: Side; message: Side; close(): void }> {
  const proxy = createTestProxy(echo, {
    env: { GRIP_URL: 'http://pushpin.invalid:5561/?iss=pushpin&key=changeme' },
  });
  const open = await proxy.connect('/ws');
  return {
    async trip() {
      const client = await proxy.connect('/ws');
      await client.send('hello');
      if ((await client.next()) !== 'hello') throw new Error('kit: the echo did not come back');
      await client.close(1000);
    },
    async message() {
      await open.send('hello');
      if ((await open.next()) !== 'hello') throw new Error('kit: the echo did not come back');
    },
    close: () => proxy.close(),
  };
}

function wsOpen(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function echoOf(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) =>
      String(data) === 'hello' ? resolve() : reject(new Error(`dev: got ${data}`)),
    );
    ws.send('hello');
  });
}

async function devSide(): Promise<{ trip: Side; message: Side; close(): Promise<void> }> {
  const origin = await serve(echo, {
    port: 0,
    env: { GRIP_URL: 'http://127.0.0.1:1/?iss=pushpin&key=changeme' },
  });
  const proxy = await startDevProxy({ origin: origin.url, port: 0, publishPort: 0, log: () => undefined });
  const url = `${proxy.wsUrl}/ws`;
  const open = await wsOpen(url);
  return {
    async trip() {
      const ws = await wsOpen(url);
      await echoOf(ws);
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1000);
      });
    },
    message: () => echoOf(open),
    async close() {
      open.terminate();
      await proxy.close();
      await origin.close();
    },
  };
}

async function meanMicros(run: Side, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1000 / count;
}

const kit = await kitSide();
const dev = await devSide();
const figures = {
  kitTrip: [] as number[],
  devTrip: [] as number[],
  kitMessage: [] as number[],
  devMessage: [] as number[],
};
// Warm-up of each side, then alternating rounds (A B, B A, …).
await meanMicros(kit.trip, 50);
await meanMicros(dev.trip, 50);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (['kit', 'dev'] as const) : (['dev', 'kit'] as const);
  for (const side of order) {
    const s = side === 'kit' ? kit : dev;
    const trip = await meanMicros(s.trip, ops);
    const message = await meanMicros(s.message, ops);
    if (side === 'kit') {
      figures.kitTrip.push(trip);
      figures.kitMessage.push(message);
    } else {
      figures.devTrip.push(trip);
      figures.devMessage.push(message);
    }
  }
}
kit.close();
await dev.close();

const show = (xs: number[]) => {
  const { median, min, max } = spread(xs);
  return `${median.toFixed(0)} (${min.toFixed(0)}–${max.toFixed(0)})`;
};
console.log(
  `| µs, median of ${rounds} rounds of ${ops} (min–max) | test proxy, in process | dev proxy, loopback |`,
);
console.log('| --- | --- | --- |');
console.log(
  `| connect, send, receive the echo, close | ${show(figures.kitTrip)} | ${show(figures.devTrip)} |`,
);
console.log(
  `| send, receive the echo on an open connection | ${show(figures.kitMessage)} | ${show(figures.devMessage)} |`,
);
