import { createClient } from 'redis';

function newClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: 50 } });
}

export type TestClient = ReturnType<typeof newClient>;

/** A connected node-redis client; errors it emits while reconnecting are collected, not thrown. */
export async function connectClient(url: string, errors: unknown[] = []): Promise<TestClient> {
  const client = newClient(url);
  client.on('error', (error: unknown) => errors.push(error));
  await client.connect();
  return client;
}
