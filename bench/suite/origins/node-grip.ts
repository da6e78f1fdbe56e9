/**
 * The baseline: the same echo hand-written on @fanoutio/grip over node:http,
 * verifying every Grip-Sig. Env: PORT (0 for any).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gripEcho } from '../echo/grip.js';
import { serveParent } from '../ipc.js';
import { SIG_ISS, SIG_KEY } from '../keys.js';

const key = new TextEncoder().encode(SIG_KEY);

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const answer = await gripEcho(req.headers, Buffer.concat(chunks), key, SIG_ISS);
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent(
  `http://127.0.0.1:${port}`,
  () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
