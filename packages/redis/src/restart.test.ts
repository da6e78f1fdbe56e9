import { describe, expect, it } from 'vitest';
import { compareIds } from '../test/ids.js';
import { redisPerFile } from '../test/redis-per-file.js';
import { redisEventLog } from './index.js';

const commandTimeout = 1000;

const redis = redisPerFile();

async function eventually<T>(what: string, attempt: () => Promise<T>, deadlineMs = 10_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('redisEventLog while redis-server restarts (no persistence)', () => {
  it('rejects appends during the outage quickly and clearly, then works again without reusing an id', async () => {
    const log = redisEventLog({ client: redis.client, commandTimeout });
    const stream = 'restarting';
    const handedOut: string[] = [];
    const failures: Array<{ message: string; ms: number }> = [];
    let outageOver = false;
    let afterRestart = 0;

    // Four publishers append continuously until each has had 20 successes after the restart.
    const publisher = async () => {
      while (!outageOver || afterRestart < 80) {
        const started = Date.now();
        try {
          const { id } = await log.append(stream, { data: 'x' });
          handedOut.push(id);
          if (outageOver) afterRestart++;
        } catch (error) {
          failures.push({ message: (error as Error).message, ms: Date.now() - started });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const running = Promise.all([publisher(), publisher(), publisher(), publisher()]);

    await eventually('50 appends before the restart', async () => {
      if (handedOut.length < 50) throw new Error(`${handedOut.length} so far`);
    });
    await redis.server.stop();
    const beforeOutage = [...handedOut];
    await eventually('appends to fail while the server is down', async () => {
      if (failures.length < 4) throw new Error(`${failures.length} failures so far`);
    });
    await new Promise((resolve) => setTimeout(resolve, commandTimeout + 200));
    await redis.server.start();
    outageOver = true;
    await running;

    const slowest = Math.max(...failures.map((failure) => failure.ms));
    console.info(`${failures.length} appends rejected during the outage, the slowest after ${slowest} ms`);
    expect(failures.length).toBeGreaterThan(0);
    for (const { message, ms } of failures) {
      expect(message).toMatch(
        /^redis event log: append on stream "restarting" (failed: |timed out after 1000 ms)/,
      );
      expect(message).not.toContain('\n');
      expect(ms).toBeLessThan(commandTimeout + 500);
    }

    // Ids strictly increase in the order handed out, across the restart.
    const newestBefore = beforeOutage.reduce((a, b) => (compareIds(a, b) > 0 ? a : b));
    const after = handedOut.slice(beforeOutage.length);
    const sorted = [...handedOut].sort(compareIds);
    expect(new Set(handedOut).size).toBe(handedOut.length);
    for (const id of after) expect(compareIds(id, newestBefore), id).toBe(1);

    // What the restart lost is gone; an id from before cannot be replayed, so a client gets a reset.
    const newest = sorted.at(-1);
    expect(await log.read(stream, newestBefore)).toEqual({ status: 'too-old', lastId: newest });
    // Everything handed out after the restart is in the stream, readable in order.
    const first = after[0]!;
    const read = await log.read(stream, first, 10_000);
    expect(read.status).toBe('ok');
    const stored = read.status === 'ok' ? read.events.map((event) => event.id) : [];
    for (const id of after.slice(1)) expect(stored).toContain(id);
    expect([...stored].sort(compareIds)).toEqual(stored);
  });

  it('never hands out an id at or below one it handed out before, even when the new server clock is behind', async () => {
    const log = redisEventLog({ client: redis.client, commandTimeout });
    const stream = 'clock';
    // Another writer with a clock an hour ahead left the newest entry; the log's ids follow it.
    const ahead = `${Date.now() + 3_600_000}-5`;
    await eventually('the restarted server', () => redis.client.sendCommand(['PING']));
    await redis.client.sendCommand(['XADD', `faas-grip:events:${stream}`, ahead, 'data', 'from the future']);
    const before = await log.append(stream, { data: 'before' });
    expect(before.prevId).toBe(ahead);
    expect(compareIds(before.id, ahead)).toBe(1);

    await redis.server.stop();
    await redis.server.start();
    const restarted = await eventually('appends to work again', () => log.append(stream, { data: 'after' }));
    expect(compareIds(restarted.id, before.id), restarted.id).toBe(1);
    expect(restarted.prevId).toBe('0-0');
    const next = await log.append(stream, { data: 'next' });
    expect(compareIds(next.id, restarted.id)).toBe(1);
    expect(next.prevId).toBe(restarted.id);
  });
});
