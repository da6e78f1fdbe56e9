import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

/**
 * A stand-in for a GRIP proxy's publish API, on loopback, that records what
 * the Worker sends. Publishes go to `<url>/t/<tag>/publish/`, so each test
 * reads only its own with `GET <url>/records/<tag>`. Tags starting with
 * `fail-` are refused with a 500; tags starting with `gated-` get no answer
 * until `POST <url>/release/<tag>`, which lets a test see its response while
 * the publish is still in flight. `GET <url>/wait/<tag>` answers once a
 * publish for the tag has arrived.
 */
export interface RecordedPublish {
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const records = new Map<string, RecordedPublish[]>();
  const gates = new Map<string, () => void>();
  const waiters = new Map<string, Array<() => void>>();

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://recorder');
    const [, kind, tag = ''] = url.pathname.split('/');
    if (kind === 't' && req.method === 'POST' && url.pathname === `/t/${tag}/publish/`) {
      const text = await readBody(req);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text, so a test sees what was sent.
      }
      const list = records.get(tag) ?? [];
      list.push({
        path: url.pathname,
        authorization: req.headers.authorization ?? null,
        contentType: req.headers['content-type'] ?? null,
        body,
      });
      records.set(tag, list);
      for (const wake of waiters.get(tag) ?? []) wake();
      waiters.delete(tag);
      if (tag.startsWith('gated-')) await new Promise<void>((resolve) => gates.set(tag, resolve));
      if (tag.startsWith('fail-')) return send(res, 500, 'recorder refused this publish\n');
      return send(res, 200, JSON.stringify({ message: 'Published' }), 'application/json');
    }
    if (kind === 'records' && req.method === 'GET') {
      return send(res, 200, JSON.stringify(records.get(tag) ?? []), 'application/json');
    }
    if (kind === 'wait' && req.method === 'GET') {
      if (!records.has(tag)) {
        await new Promise<void>((resolve) => waiters.set(tag, [...(waiters.get(tag) ?? []), resolve]));
      }
      return send(res, 200, JSON.stringify(records.get(tag)), 'application/json');
    }
    if (kind === 'release' && req.method === 'POST') {
      const open = gates.get(tag);
      gates.delete(tag);
      open?.();
      return send(res, open ? 200 : 404, open ? 'released\n' : 'nothing held for this tag\n');
    }
    send(res, 404, `recorder: no route for ${req.method} ${url.pathname}\n`);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => send(res, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('recorderUrl', `http://127.0.0.1:${port}`);

  return async () => {
    for (const open of gates.values()) open();
    for (const list of waiters.values()) for (const wake of list) wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
