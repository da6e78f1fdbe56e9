import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { GripHandler } from '../handler.js';
import type { WebSocketContext } from './context.js';
import { setMetaControl } from './control.js';
import { decodeWebSocketEvents, encodeWebSocketEventsBody, type WebSocketEventType } from './event.js';
import { getWebSocket } from './request.js';

const SECRET = 'meta secret for tests';
const MAC = 'meta-faas-grip-mac';

type Step = (ws: WebSocketContext) => void;

/**
 * A proxy as Pushpin behaves: it holds the connection's meta, sends it as
 * `Meta-*` and applies the answer's `Set-Meta-*` headers (empty removes).
 * With `applyControls`, it also applies set-meta control messages after the
 * headers, as the dev proxy does.
 */
class ProxyStub {
  readonly held = new Map<string, string>();
  constructor(
    readonly id: string,
    readonly env: Record<string, string> = { GRIP_META_KEY: SECRET },
    readonly applyControls = false,
  ) {}

  /** Sends one request; returns the meta the handler saw. */
  async send(step: Step = () => {}, type: WebSocketEventType = 'TEXT'): Promise<Record<string, string>> {
    let seen: Record<string, string> = {};
    const handler: GripHandler = async (request) => {
      const ws = await getWebSocket(request);
      seen = { ...ws.meta };
      ws.accept();
      while (ws.canRecv()) ws.recv();
      step(ws);
      return ws.toResponse();
    };
    const headers = new Headers({ 'Content-Type': 'application/websocket-events', 'Connection-Id': this.id });
    for (const [name, value] of this.held) headers.set(`Meta-${name}`, value);
    const request = new Request('http://origin.test/ws', {
      method: 'POST',
      headers,
      body: encodeWebSocketEventsBody(type === 'OPEN' ? [{ type }] : [{ type, content: 'x' }]),
    });
    const response = await handleRequest(handler, request, { env: this.env, waitUntil: () => {} });
    expect(response.status).toBe(200);
    for (const [name, value] of response.headers) {
      if (!name.startsWith('set-meta-')) continue;
      if (value === '') this.held.delete(name.slice(9));
      else this.held.set(name.slice(9), value);
    }
    if (this.applyControls) {
      for (const event of decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer()))) {
        const control = event.text?.startsWith('c:') ? JSON.parse(event.text.slice(2)) : undefined;
        if (control?.type !== 'set-meta') continue;
        if (control.value === '') this.held.delete(control.name);
        else this.held.set(control.name, control.value);
      }
    }
    return seen;
  }
}

describe('meta protected by a MAC when a meta secret is configured', () => {
  for (const applyControls of [false, true]) {
    it(`keeps meta across requests, after setMeta and after a delete (set-meta controls ${applyControls ? 'applied' : 'ignored'} by the proxy)`, async () => {
      const proxy = new ProxyStub('conn-a', undefined, applyControls);
      expect(await proxy.send((ws) => (ws.meta.user = 'alice'), 'OPEN')).toEqual({});
      expect(await proxy.send((ws) => ws.setMeta('Role', 'admin'))).toEqual({ user: 'alice' });
      expect(await proxy.send((ws) => delete ws.meta.user)).toEqual({ user: 'alice', role: 'admin' });
      expect(await proxy.send()).toEqual({ role: 'admin' });
      // Nothing changed last time: the meta and its MAC still verify.
      expect(await proxy.send((ws) => (ws.meta.nick = 'zoë 🙂'))).toEqual({ role: 'admin' });
      expect(await proxy.send()).toEqual({ role: 'admin', nick: 'zoë 🙂' });
    });
  }

  for (const applyControls of [false, true]) {
    it(`a hand-written set-meta control message keeps meta as setMeta does (controls ${applyControls ? 'applied' : 'ignored'} by the proxy)`, async () => {
      const proxy = new ProxyStub('conn-raw', undefined, applyControls);
      await proxy.send((ws) => (ws.meta.nick = 'n'), 'OPEN');
      await proxy.send((ws) => ws.sendControl(setMetaControl('role', 'x')));
      expect(await proxy.send()).toEqual({ nick: 'n', role: 'x' });
      await proxy.send((ws) => ws.sendControl(JSON.stringify({ type: 'set-meta', name: 'role' })));
      expect(await proxy.send()).toEqual({ nick: 'n' });
    });
  }

  it('drops meta with no MAC (a forwarded client header), and removes it from the proxy', async () => {
    const proxy = new ProxyStub('conn-a');
    proxy.held.set('user', 'admin');
    expect(await proxy.send()).toEqual({});
    expect(proxy.held.has('user')).toBe(false);
    expect(await proxy.send()).toEqual({});
  });

  it('drops meta with a wrong MAC, or meta changed after it was sealed', async () => {
    const proxy = new ProxyStub('conn-a');
    await proxy.send((ws) => (ws.meta.user = 'alice'), 'OPEN');
    proxy.held.set('user', 'admin');
    expect(await proxy.send()).toEqual({});

    const forged = new ProxyStub('conn-b');
    forged.held.set('user', 'admin');
    forged.held.set('faas-grip-mac', 'A'.repeat(43));
    expect(await forged.send()).toEqual({});
    const garbage = new ProxyStub('conn-c');
    garbage.held.set('user', 'admin');
    garbage.held.set('faas-grip-mac', '!!! not a mac !!!');
    expect(await garbage.send()).toEqual({});
  });

  it("binds the MAC to the connection id: another connection's meta and MAC do not verify", async () => {
    const victim = new ProxyStub('conn-victim');
    await victim.send((ws) => (ws.meta.user = 'admin'), 'OPEN');
    expect(await victim.send()).toEqual({ user: 'admin' });
    const attacker = new ProxyStub('conn-attacker');
    for (const [name, value] of victim.held) attacker.held.set(name, value);
    expect(await attacker.send()).toEqual({});
  });

  it('never shows the MAC entry, and a handler cannot set it', async () => {
    const proxy = new ProxyStub('conn-a');
    await proxy.send((ws) => (ws.meta.user = 'alice'), 'OPEN');
    expect(proxy.held.has('faas-grip-mac')).toBe(true);
    await proxy.send((ws) => {
      expect(Object.keys(ws.meta)).toEqual(['user']);
      expect(() => ws.setMeta('Faas-Grip-Mac', 'x')).toThrow(/reserved/);
    });
  });

  it('still finds the secret when the handler re-creates the Request without passing ctx', async () => {
    let seen: Record<string, string> | undefined;
    const request = new Request('http://origin.test/ws', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/websocket-events',
        'Connection-Id': 'c1',
        'Meta-User': 'admin',
      },
      body: encodeWebSocketEventsBody([{ type: 'TEXT', content: 'x' }]),
    });
    const response = await handleRequest(
      async (original) => {
        const ws = await getWebSocket(new Request(original));
        seen = { ...ws.meta };
        return ws.toResponse();
      },
      request,
      { env: { GRIP_META_KEY: SECRET }, waitUntil: () => {} },
    );
    expect(seen).toEqual({});
    expect(response.headers.get('set-meta-user')).toBe('');
  });

  it('keeps the secret for a re-created Request while other requests with the same Connection-Id come and go', async () => {
    const env = { GRIP_META_KEY: SECRET };
    const forged = (method: 'GET' | 'POST', type = 'application/websocket-events') =>
      new Request('http://origin.test/ws', {
        method,
        headers: { 'Content-Type': type, 'Connection-Id': 'shared', 'Meta-User': 'admin' },
        ...(method === 'POST' ? { body: encodeWebSocketEventsBody([{ type: 'TEXT', content: 'x' }]) } : {}),
      });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let seen: Record<string, string> | undefined;
    const slow = handleRequest(
      async (original) => {
        await gate;
        const ws = await getWebSocket(new Request(original));
        seen = { ...ws.meta };
        return ws.toResponse();
      },
      forged('POST'),
      { env, waitUntil: () => {} },
    );
    // Requests with the same Connection-Id finish while the first still runs:
    // a plain GET, and another WebSocket-over-HTTP request.
    const quick: GripHandler = async () => new Response('ok');
    await handleRequest(quick, forged('GET'), { env, waitUntil: () => {} });
    await handleRequest(quick, forged('POST'), { env: {}, waitUntil: () => {} });
    await handleRequest(quick, forged('POST'), { env, waitUntil: () => {} });
    release();
    expect((await slow).status).toBe(200);
    expect(seen).toEqual({});
  });

  it('without a secret, meta passes as before and no MAC is added', async () => {
    const proxy = new ProxyStub('conn-a', {});
    proxy.held.set('user', 'alice');
    expect(await proxy.send()).toEqual({ user: 'alice' });
    expect(proxy.held.has('faas-grip-mac')).toBe(false);
  });

  it('a connection opened before the secret was set loses its meta once, then keeps new meta', async () => {
    const proxy = new ProxyStub('conn-a', {});
    await proxy.send((ws) => (ws.meta.user = 'alice'), 'OPEN');
    Object.assign(proxy.env, { GRIP_META_KEY: SECRET });
    expect(await proxy.send((ws) => (ws.meta.user = 'alice again'))).toEqual({});
    expect(await proxy.send()).toEqual({ user: 'alice again' });
  });

  it('seals only answers the proxy takes: a refusal carries no MAC', async () => {
    const request = new Request('http://origin.test/ws', {
      method: 'POST',
      headers: { 'Content-Type': 'application/websocket-events', 'Connection-Id': 'c1' },
      body: encodeWebSocketEventsBody([{ type: 'OPEN' }]),
    });
    const response = await handleRequest(async (r) => (await getWebSocket(r)).toResponse(), request, {
      env: { GRIP_META_KEY: SECRET },
      waitUntil: () => {},
    });
    expect(response.status).toBe(403);
    expect(response.headers.has(`set-${MAC}`)).toBe(false);
  });
});
