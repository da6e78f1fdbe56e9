import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a platform's front end does around a function, reduced to loopback
 * HTTP: the request's whole body is read (the platforms named here buffer
 * it), the function gets the platform's own objects, and its answer is
 * written back. Entries that cannot run the platform's host use it as a
 * stand-in and say so in their names.
 */
export type LoopbackInvoke = (request: {
  method: string;
  /** The absolute URL as the client sent it to this host. */
  url: string;
  /** Header lines as received, names as sent. */
  rawHeaders: string[];
  body: Uint8Array<ArrayBuffer>;
}) => Promise<{ status: number; headers: [string, string][]; body: ReadableStream<Uint8Array> | Uint8Array }>;

function readAll(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.once('error', reject);
  });
}

async function serveOne(invoke: LoopbackInvoke, origin: string, req: IncomingMessage, res: ServerResponse) {
  const body = await readAll(req);
  const answer = await invoke({
    method: req.method ?? 'GET',
    url: `${origin}${req.url ?? '/'}`,
    rawHeaders: req.rawHeaders,
    body,
  });
  const lines: Record<string, string[]> = {};
  for (const [name, value] of answer.headers) {
    const values = lines[name] ?? [];
    values.push(value);
    lines[name] = values;
  }
  res.writeHead(answer.status, lines);
  if (answer.body instanceof Uint8Array) {
    res.end(answer.body);
    return;
  }
  res.flushHeaders();
  const reader = answer.body.getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    res.write(next.value);
  }
  res.end();
}

/** Serves `invoke` on a free loopback port; `stop` drops open connections. */
export async function serveLoopback(invoke: LoopbackInvoke): Promise<{ url: string; stop(): Promise<void> }> {
  let origin = '';
  const server = createServer((req, res) => {
    serveOne(invoke, origin, req, res).catch((error: unknown) => {
      // The stand-in's own failure: say so plainly, never as the function's answer.
      if (!res.headersSent) {
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`loopback host failed: ${error instanceof Error ? error.message : String(error)}\n`);
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
