import type { AppendedEvent } from '@faas-grip/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../test/clients.js';
import { compareIds } from '../test/ids.js';
import { type RedisServer, startRedisServer } from '../test/redis-server.js';
import { redisEventLog } from './index.js';

const publishers = 8;
const appendsEach = 200;

let server: RedisServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  for (let i = 0; i < publishers; i++) clients.push(await connectClient(server.url));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

it(`${publishers} publishers × ${appendsEach} appends at once: ids strictly increasing, the prevId chain complete, nothing lost`, async () => {
  const stream = 'busy';
  const started = performance.now();
  const results = await Promise.all(
    clients.map(async (client, publisher) => {
      // One log object per connection, as separate processes would have.
      const log = redisEventLog({ client, maxEvents: 10_000 });
      const appends = Array.from({ length: appendsEach }, (_, n) =>
        log.append(stream, { event: `p${publisher}`, data: String(n) }),
      );
      return Promise.all(appends);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = publishers * appendsEach;
  console.info(
    `${total} appends from ${publishers} connections in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} appends/s`,
  );

  // Each connection's commands run in the order sent, so its ids increase in that order.
  for (const own of results) {
    for (let i = 1; i < own.length; i++) expect(compareIds(own[i - 1]!.id, own[i]!.id)).toBe(-1);
  }
  const all: AppendedEvent[] = results.flat().sort((a, b) => compareIds(a.id, b.id));
  expect(new Set(all.map((appended) => appended.id)).size).toBe(total);
  expect(all[0]?.prevId).toBe('0-0');
  for (let i = 1; i < all.length; i++) expect(all[i]?.prevId).toBe(all[i - 1]?.id);

  const reader = redisEventLog({ client: clients[0]!, maxEvents: 10_000 });
  const read = await reader.read(stream, all[0]!.id, 10_000);
  expect(read.status).toBe('ok');
  if (read.status !== 'ok') return;
  expect(read.lastId).toBe(all.at(-1)?.id);
  expect(read.events.map((event) => event.id)).toEqual(all.slice(1).map((appended) => appended.id));
  // Each event holds what its publisher sent under that id.
  const sent = new Map<string, string>();
  for (const [publisher, own] of results.entries()) {
    for (const [n, appended] of own.entries()) sent.set(appended.id, `p${publisher}:${n}`);
  }
  for (const event of read.events) expect(`${event.event}:${event.data}`).toBe(sent.get(event.id));
});
