import { freshClaims, pushpinSig, signHs256, signingKeyOf } from '@faas-grip/test-support/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { PRIVATE_TOKEN } from '../app/index.js';
import type { OriginEntry } from '../entries/types.js';
import { traitsOf } from '../proxies/differences.js';
import { hasLogs } from '../proxies/logs.js';
import type { ProxyKind } from '../proxies/types.js';
import { withTimeout } from '../wait.js';
import { Bed } from './bed.js';
import { describeEventStream } from './event-stream.js';
import { publishUntilAnswered } from './long-poll.js';
import { wsItem } from './publishing.js';

/** Bytes that are not valid UTF-8, so only a byte-exact path keeps them. */
const NOT_UTF8 = Uint8Array.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0xf0, 0x9f, 0x92, 0x0a]);

/**
 * Registers the conformance suite for `entry` (one runtime serving the
 * conformance app) behind `proxy`. Call it once per test file: the file gets
 * its own proxy instance and origin.
 */
export function describeConformance(entry: OriginEntry, proxy: ProxyKind): void {
  const traits = traitsOf(proxy);

  describe(`${entry.name} behind ${proxy.name}`, () => {
    const bed = new Bed(entry, proxy);

    // The long-poll timeout case must wait out the proxy's minimum hold. Its
    // request starts as soon as the bed is up, so the wait overlaps the other
    // tests; the test itself checks the answer.
    const pollTimeoutMs = (traits.minLongPollTimeoutSeconds + 10) * 1000;
    let earlyPoll: Promise<Response> | undefined;

    beforeAll(async () => {
      await bed.start();
      const channel = bed.channel('poll-timeout');
      earlyPoll = bed.http(
        `/poll/${channel}?timeout=${traits.minLongPollTimeoutSeconds}`,
        {},
        pollTimeoutMs + 1000,
      );
      // Settled or not, the test reports it; keep an early failure from being unhandled.
      earlyPoll.catch(() => undefined);
    }, 60_000);
    afterAll(() => bed.stop(), 30_000);

    beforeEach((context) => {
      const running = bed.runningProxy;
      const mark = running !== undefined && hasLogs(running) ? running.logs().length : 0;
      context.onTestFailed(() => {
        if (running === undefined || !hasLogs(running)) return;
        const logs = running.logs().slice(mark).trimEnd();
        console.error(
          `--- ${running.name} output during "${context.task.name}" ---\n${logs || '(none)'}\n---`,
        );
      });
    });
    afterEach(() => bed.closeClients());

    describe('WebSocket', () => {
      test('seed chat: /nick, broadcast through a publish from the runtime, anonymous by default', async () => {
        const alice = await bed.ws('/chat');
        const bob = await bed.ws('/chat');
        await bed.untilWsSubscribed([alice, bob], 'room');

        alice.send('/nick alice');
        expect(await alice.nextText('the /nick reply')).toBe('nickname set to [alice]');

        bob.send('hello');
        expect(await alice.nextText("bob's broadcast")).toBe('anonymous: hello');
        expect(await bob.nextText("bob's own broadcast")).toBe('anonymous: hello');

        alice.send('hi bob');
        expect(await bob.nextText("alice's broadcast")).toBe('alice: hi bob');
        expect(await alice.nextText("alice's own broadcast")).toBe('alice: hi bob');
      });

      test('echoes text', async () => {
        const socket = await bed.ws('/ws/echo');
        socket.send('hello, échö ✓');
        const reply = await socket.next('the echo');
        expect(reply.binary).toBe(false);
        expect(reply.text).toBe('hello, échö ✓');
      });

      test('echoes binary that is not UTF-8, byte for byte', async () => {
        const socket = await bed.ws('/ws/echo');
        socket.send(NOT_UTF8);
        const reply = await socket.next('the binary echo');
        expect(reply.binary).toBe(true);
        expect([...reply.data]).toEqual([...NOT_UTF8]);
      });

      test(`echoes a ${traits.maxPromptOriginMessageBytes}-byte message, the largest the proxy sends promptly`, async () => {
        const socket = await bed.ws('/ws/echo');
        const big = 'x'.repeat(traits.maxPromptOriginMessageBytes);
        socket.send(big);
        const reply = await socket.nextText('the large echo');
        expect(reply.length).toBe(big.length);
        expect(reply).toBe(big);
      });

      test(`relays a ${traits.maxClientMessageBytes}-byte client message, the largest the proxy takes`, async () => {
        const socket = await bed.ws('/ws/measure');
        const big = new Uint8Array(traits.maxClientMessageBytes);
        for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
        socket.send(big);
        expect(await socket.nextText('the size of the large binary message')).toBe(
          `binary ${traits.maxClientMessageBytes} bytes`,
        );
      });

      test('the server closes with the code and reason it chose', async () => {
        const socket = await bed.ws('/ws/close');
        socket.send('close 4001 bye now');
        expect(await socket.closed()).toEqual({ code: 4001, reason: 'bye now' });
      });

      test("a client's close is echoed with its code and reason", async () => {
        const socket = await bed.ws('/ws/echo');
        socket.close(4002, 'client-bye');
        expect(await socket.closed()).toEqual({ code: 4002, reason: 'client-bye' });
      });

      test('a ping gets a pong with the same payload', async () => {
        const socket = await bed.ws('/ws/echo');
        const pong = await socket.ping('are you there?');
        expect(pong.toString('utf8')).toBe('are you there?');
      });

      test('meta set in one request comes back on the next, and only on that connection', async () => {
        const first = await bed.ws('/ws/meta');
        first.send('set nick alice');
        expect(await first.nextText('the set reply')).toBe('set nick');
        first.send('get nick');
        expect(await first.nextText('the get reply')).toBe('nick=alice');

        const second = await bed.ws('/ws/meta');
        second.send('get nick');
        expect(await second.nextText("the other connection's get reply")).toBe('nick=(unset)');
      });

      test('subscribes and unsubscribes by message', async () => {
        const socket = await bed.ws('/ws/channels');
        const news = bed.channel('news');
        const marker = bed.channel('marker');

        socket.send(`sub ${news}`);
        expect(await socket.nextText('the sub reply')).toBe(`subscribed ${news}`);
        await bed.untilWsSubscribed([socket], news);
        await bed.publish(wsItem(news, 'one'));
        expect(await socket.nextText('a message on the subscribed channel')).toBe('one');

        socket.send(`unsub ${news}`);
        expect(await socket.nextText('the unsub reply')).toBe(`unsubscribed ${news}`);
        // The proxy passes this connection's subscription changes on in order,
        // so once a later subscription is live, the unsubscribe has taken effect.
        socket.send(`sub ${marker}`);
        expect(await socket.nextText('the second sub reply')).toBe(`subscribed ${marker}`);
        await bed.untilWsSubscribed([socket], marker);

        // One publish request, items in order: "two" would arrive before "after".
        await bed.publish(wsItem(news, 'two'), wsItem(marker, 'after'));
        expect(await socket.nextText('the message on the still-subscribed channel')).toBe('after');
        expect(socket.unread()).toEqual([]);
      });

      test("a client's own WebSocket-events POST, in any spelling, never speaks as a connection", async () => {
        const listener = await bed.ws('/chat');
        await bed.untilWsSubscribed([listener], 'room');
        // Pushpin refuses only the exact lower-case type itself; other
        // spellings reach the origin, signed, which must not take them.
        const spellings = [
          'application/websocket-events',
          'Application/WebSocket-Events',
          'APPLICATION/WEBSOCKET-EVENTS',
          'application/websocket-events, text/plain',
          'application/websocket-events; charset=utf-8',
        ];
        for (const type of spellings) {
          const response = await bed.http('/chat', {
            method: 'POST',
            headers: { 'Content-Type': type, 'Connection-Id': 'forged', 'Meta-Nick': 'admin' },
            body: 'TEXT 5\r\nforge\r\n',
          });
          expect([400, 403], `status for Content-Type ${type}`).toContain(response.status);
          await response.arrayBuffer();
        }
        const speaker = await bed.ws('/chat');
        speaker.send('after the forgeries');
        // Publishes reach a subscriber in order: a forged one would come first.
        expect(await listener.nextText('the first broadcast after the forgeries')).toBe(
          'anonymous: after the forgeries',
        );
      });

      test('a refused connection gets the HTTP 401 the origin answered', async () => {
        const refused = await bed.refusedWs('/ws/private');
        expect(refused.status).toBe(401);
        expect(refused.body).toContain('a valid token is required');

        const admitted = await bed.ws(`/ws/private?token=${PRIVATE_TOKEN}`);
        admitted.send('let in');
        expect(await admitted.nextText('the echo on the admitted connection')).toBe('let in');
      });

      test('a subprotocol offered by the client is echoed', async () => {
        const socket = await bed.ws('/ws/echo', ['conformance.v1', 'conformance.v0']);
        expect(socket.protocol).toBe('conformance.v1');
        socket.send('with protocol');
        expect(await socket.nextText('the echo')).toBe('with protocol');
      });

      test('a publish from inside the runtime reaches a subscribed client, awaited or in waitUntil', async () => {
        const socket = await bed.ws('/ws/channels');
        const channel = bed.channel('runtime');
        socket.send(`sub ${channel}`);
        expect(await socket.nextText('the sub reply')).toBe(`subscribed ${channel}`);
        await bed.untilWsSubscribed([socket], channel);

        await bed.publishFromRuntime({ channel, ws: 'awaited publish' });
        expect(await socket.nextText('the awaited publish')).toBe('awaited publish');

        await bed.publishFromRuntime({ channel, ws: 'background publish', background: true });
        expect(await socket.nextText('the publish made in waitUntil')).toBe('background publish');

        await bed.publishFromRuntime({ channel, wsBinary: Buffer.from(NOT_UTF8).toString('base64') });
        const binary = await socket.next('the binary publish');
        expect(binary.binary).toBe(true);
        expect([...binary.data]).toEqual([...NOT_UTF8]);
      });

      test('a close published from the runtime closes subscribers with its code and reason', async () => {
        const socket = await bed.ws('/ws/channels');
        const channel = bed.channel('kick');
        socket.send(`sub ${channel}`);
        expect(await socket.nextText('the sub reply')).toBe(`subscribed ${channel}`);
        await bed.untilWsSubscribed([socket], channel);

        await bed.publishFromRuntime({ channel, wsClose: { code: 4100, reason: 'kicked' } });
        expect(await socket.closed()).toEqual({ code: 4100, reason: 'kicked' });
      });
    });

    describe('HTTP streaming', () => {
      test('holds the stream, appends publishes from the runtime, and ends on a close action', async () => {
        const channel = bed.channel('stream');
        const reader = await bed.stream(`/stream/${channel}`);
        expect(reader.response.status).toBe(200);
        expect(reader.response.headers.get('grip-hold')).toBeNull();
        await reader.until((line) => line === 'stream open', 'the initial body');
        await bed.untilStreamSubscribed(reader, channel);

        await bed.publishFromRuntime({ channel, stream: 'event one\n' });
        await bed.publishFromRuntime({ channel, stream: 'event two\n' });
        await reader.until((line) => line === 'event two', 'the second event');
        await bed.publishFromRuntime({ channel, streamClose: true });
        await reader.end();
        expect(reader.lines.filter((line) => line !== 'ka')).toEqual([
          'stream open',
          'event one',
          'event two',
        ]);
      });

      test('sends the keep-alive while idle', async () => {
        const channel = bed.channel('idle');
        const reader = await bed.stream(`/stream/${channel}?keepAlive=1`);
        await reader.until((line) => line === 'stream open', 'the initial body');
        await reader.until((line) => line === 'ka', 'a keep-alive on an idle stream', 10_000);
      });

      test('a seed-style handler holds a stream with raw Grip-Hold and Grip-Channel headers', async () => {
        const channel = bed.channel('raw-stream');
        const reader = await bed.stream(`/raw/stream/${channel}`);
        expect(reader.response.headers.get('content-type')).toBe('text/plain');
        await reader.until((line) => line === 'stream opened, prepare yourself!', 'the initial body');
        await bed.untilStreamSubscribed(reader, channel);
        await bed.publishFromRuntime({ channel, stream: 'some data\n' });
        await reader.until((line) => line === 'some data', 'the published data');
      });
    });

    describeEventStream(bed);

    describe('the origin on its own', () => {
      test('refuses a request without Grip-Sig with 403', async () => {
        const response = await fetch(`${bed.originUrl}/`, { signal: AbortSignal.timeout(5000) });
        expect(response.status).toBe(403);
        expect(await response.text()).toContain('no Grip-Sig');

        const publish = await fetch(`${bed.originUrl}/publish`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel: 'x', ws: 'sneaky' }),
          signal: AbortSignal.timeout(5000),
        });
        expect(publish.status).toBe(403);
      });

      test('refuses a forged or expired Grip-Sig with 403', async () => {
        const { key, iss } = signingKeyOf(bed.originEnv);
        const forged = await pushpinSig(iss, 'not the key');
        const expired = await signHs256(freshClaims(iss, -60), key);
        for (const token of [forged, expired]) {
          const response = await fetch(`${bed.originUrl}/`, {
            headers: { 'Grip-Sig': token },
            signal: AbortSignal.timeout(5000),
          });
          expect(response.status).toBe(403);
          expect(await response.text()).toContain('Grip-Sig did not verify');
        }
        const valid = await fetch(`${bed.originUrl}/`, {
          headers: { 'Grip-Sig': await pushpinSig(iss, key) },
          signal: AbortSignal.timeout(5000),
        });
        expect(valid.status).toBe(200);
      });

      test('answers a malformed WebSocket-over-HTTP body with 400 and a message', async () => {
        const { key, iss } = signingKeyOf(bed.originEnv);
        const response = await fetch(`${bed.originUrl}/ws/echo`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/websocket-events',
            'Connection-Id': 'conformance-malformed',
            'Grip-Sig': await pushpinSig(iss, key),
          },
          // Declares 16 bytes, carries 2.
          body: 'OPEN\r\nTEXT 10\r\nhi\r\n',
          signal: AbortSignal.timeout(5000),
        });
        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/WebSocket-over-HTTP body.*TEXT/);
      });
    });

    describe('HTTP long-polling', () => {
      test('a publish from the runtime answers the held request with its status, headers and body', async () => {
        const channel = bed.channel('poll');
        const pending = bed.http(`/poll/${channel}?timeout=30`);
        const response = await publishUntilAnswered(
          pending,
          () =>
            bed.publishFromRuntime({
              channel,
              response: {
                code: 201,
                headers: { 'Content-Type': 'application/json', 'X-Published': 'yes' },
                body: '{"hello":"world"}\n',
              },
            }),
          'the long-poll',
        );
        expect(response.status).toBe(201);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(response.headers.get('x-published')).toBe('yes');
        expect(await response.text()).toBe('{"hello":"world"}\n');
      });

      test('a seed-style handler holds a long-poll with raw Grip-Hold and Grip-Channel headers', async () => {
        const channel = bed.channel('raw-poll');
        const pending = bed.http(`/raw/poll/${channel}`);
        const response = await publishUntilAnswered(
          pending,
          () => bed.publishFromRuntime({ channel, response: { body: 'some data\n' } }),
          'the seed-style long-poll',
        );
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('some data\n');
      });

      test(
        `without a publish, answers with the origin's body after the timeout (${traits.minLongPollTimeoutSeconds} s minimum)`,
        async () => {
          if (earlyPoll === undefined) throw new Error('The long-poll started in beforeAll is missing');
          const response = await withTimeout(earlyPoll, pollTimeoutMs, 'the long-poll to time out');
          expect({ status: response.status, body: await response.text() }).toEqual({
            status: 200,
            body: 'poll timed out\n',
          });
          expect(response.headers.get('grip-hold')).toBeNull();
        },
        pollTimeoutMs + 5000,
      );
    });
  });
}
