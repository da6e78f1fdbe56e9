import { afterAll, beforeAll } from 'vitest';
import { connectClient, type TestClient } from './clients.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

/** A redis-server and a client connected to it, for the tests that registered them. */
export interface RedisForTests {
  readonly server: RedisServer;
  readonly client: TestClient;
}

/**
 * Starts a redis-server of its own and connects a client before the tests of
 * the file (or `describe`) it is called in, and stops both after them. Read
 * `server` and `client` inside tests and hooks, once they have started. The
 * client reconnects by itself after a restart of the server.
 */
export function redisPerFile(): RedisForTests {
  let server: RedisServer | undefined;
  let client: TestClient | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    client = await connectClient(server.url);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('redis-server has not started: read it inside a test');
      return server;
    },
    get client() {
      if (client === undefined) throw new Error('the Redis client has not connected: read it inside a test');
      return client;
    },
  };
}
