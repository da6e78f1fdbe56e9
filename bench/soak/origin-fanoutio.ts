/**
 * Baseline origin for the soak: the same chat on @fanoutio/grip (the
 * reference GRIP library) over node:http, so the faas-grip origin's CPU per
 * message can be read against it. Env: PORT, GRIP_URL.
 */
import http from 'node:http';
import { encodeWebSocketEvents, Publisher, parseGripUri, WebSocketMessageFormat } from '@fanoutio/grip';
import { getWebSocketContextFromNodeReq, isNodeReqWsOverHttp } from '@fanoutio/grip/node';
import { answerParent, report } from './ipc.js';
import { ROOM } from './wire.js';

// The reference library takes `key` as the publish key only; Pushpin signs with the same key, so verify with it too.
const config = parseGripUri(String(process.env.GRIP_URL));
if (config.key === undefined) throw new Error('GRIP_URL has no key');
const publisher = new Publisher({ ...config, verify_iss: 'pushpin', verify_key: config.key });
const counters = { requests: 0, published: 0, publishErrors: 0, handlerErrors: 0 };

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  counters.requests++;
  const signature = await publisher.validateGripSig(req.headers['grip-sig']?.toString() ?? null);
  if (!signature.isSigned || !isNodeReqWsOverHttp(req)) {
    res.writeHead(403).end();
    return;
  }
  const ws = await getWebSocketContextFromNodeReq(req);
  if (ws.isOpening()) {
    ws.accept();
    ws.subscribe(ROOM);
  }
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    try {
      await publisher.publishFormats(ROOM, new WebSocketMessageFormat(message));
      counters.published++;
    } catch (error) {
      counters.publishErrors++;
      if (counters.publishErrors <= 5) console.error('[soak baseline origin] publish failed:', String(error));
    }
  }
  res.writeHead(200, ws.toHeaders()).end(encodeWebSocketEvents(ws.getOutgoingEvents()));
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    counters.handlerErrors++;
    if (counters.handlerErrors <= 5) console.error('[soak baseline origin] handler error:', String(error));
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT), '127.0.0.1', resolve));
answerParent(
  () => ({ ...counters }),
  () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
report({ type: 'ready', url: `http://127.0.0.1:${process.env.PORT}` });
