import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { OriginEntry } from '../src/entries/types.js';
import type { ProxyKind, RunningProxy } from '../src/proxies/types.js';
import { Bed } from '../src/suite/bed.js';
import { untilSubscribed } from '../src/suite/probe.js';
import { NotReadyYet, pollUntil } from '../src/wait.js';

/** How a stand-in proxy treats the next long-poll it receives. */
type Behaviour = 'drop' | 'unavailable' | 'hold';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.once('end', () => resolve(body));
    request.once('error', reject);
  });
}

/**
 * A stand-in for a proxy that is still starting, as Pushpin was seen to be:
 * its first long-polls are dropped without an answer ("other side closed")
 * or answered 500 "Accept service unavailable.", and only later ones are held
 * and answered by a publish.
 */
function startingProxy(script: Behaviour[], servers: Server[]): ProxyKind {
  return {
    name: 'starting-proxy',
    async prepare() {
      return {
        originEnv: {},
        async start(): Promise<RunningProxy> {
          const held: ServerResponse[] = [];
          const client = createServer((request, response) => {
            const behaviour = script.shift() ?? 'hold';
            if (behaviour === 'drop') request.socket.destroy();
            else if (behaviour === 'unavailable')
              response.writeHead(500).end('Accept service unavailable.\n');
            else held.push(response);
          });
          const api = createServer(async (request, response) => {
            const { items } = JSON.parse(await readBody(request)) as {
              items: { formats: { 'http-response': { body: string } } }[];
            };
            for (const waiting of held.splice(0)) waiting.end(items[0]?.formats['http-response'].body);
            response.end('Published\n');
          });
          servers.push(client, api);
          const httpUrl = await listen(client);
          const apiUrl = await listen(api);
          return {
            name: 'starting-proxy',
            httpUrl,
            wsUrl: httpUrl.replace('http', 'ws'),
            publishUrl: `${apiUrl}/publish/`,
            stop: async () => {
              client.closeAllConnections();
              api.closeAllConnections();
            },
          };
        },
      };
    },
  };
}

/** No origin is needed: the stand-in proxy answers by itself. */
const noOrigin: OriginEntry = {
  name: 'none',
  start: async () => ({ url: 'http://127.0.0.1:9', stop: async () => undefined }),
};

describe('readiness waits', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))),
    );
  });

  test('the hold probe outlasts dropped connections and "Accept service unavailable" answers', async () => {
    const script: Behaviour[] = ['drop', 'unavailable', 'drop', 'unavailable'];
    const bed = new Bed(noOrigin, startingProxy(script, servers));
    await bed.start();
    // Every scripted start-up answer was met and tried again.
    expect(script).toEqual([]);
    await bed.stop();
  });

  test('a wait that times out names what it waited for and the last error', async () => {
    const error = await pollUntil(
      async () => {
        await fetch('http://127.0.0.1:9/', { signal: AbortSignal.timeout(500) });
        return true;
      },
      { timeoutMs: 300, intervalMs: 20, what: 'the discard port to answer' },
    ).catch((thrown: unknown) => thrown);
    expect(String(error)).toMatch(
      /Timed out after \d+ ms \(\d+ attempts\) waiting for the discard port to answer; last attempt: TypeError: fetch failed <- Error: bad port/,
    );
  });

  test('a start-up answer is tried again; any other answer ends the wait at once', async () => {
    const answers = [new NotReadyYet('answered 502'), new Error('answered 403: Forbidden')];
    let attempts = 0;
    const started = Date.now();
    const error = await pollUntil(
      async () => {
        attempts += 1;
        throw answers.shift();
      },
      { timeoutMs: 5000, intervalMs: 10, what: 'the proxy' },
    ).catch((thrown: unknown) => thrown);
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(String(error)).toContain('While waiting for the proxy: Error: answered 403: Forbidden');
  });

  test('a subscription probe whose publish fails on the way is published again', async () => {
    const target = { probes: new Set<string>() };
    let publishes = 0;
    await untilSubscribed(
      [target],
      async (probe) => {
        publishes += 1;
        if (publishes <= 2) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
        target.probes.add(probe);
      },
      'to a channel behind a restarting proxy',
    );
    expect(publishes).toBe(3);
  });

  test('a subscription that never goes live is reported with the last publish failure', async () => {
    const target = { probes: new Set<string>() };
    const error = await untilSubscribed(
      [target],
      async () => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
        });
      },
      'to news',
      400,
    ).catch((thrown: unknown) => thrown);
    expect(String(error)).toMatch(
      /Subscription to news did not go live: \d+ probes over 400 ms never reached 1 of 1 clients; last probe publish failed: TypeError: fetch failed <- Error: refused/,
    );
  });
});
