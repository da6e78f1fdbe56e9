import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hub } from '../hub.js';
import type { DevLog } from '../log.js';
import { readBody } from '../origin.js';
import { PublishFormatError, parsePublishBody } from './parse.js';

/** Pushpin's default `push_in_max_body_size`. */
export const DEFAULT_PUBLISH_BODY_LIMIT = 1_000_000;

function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '')
    .split(',')
    .some((type) => type.trim().split(';')[0] === 'application/json');
}

function text(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', ...extra });
  res.end(`${body}\n`);
}

/**
 * The publish API, answering like Pushpin's: `POST /publish/` with
 * `{"items": [...]}` → 200 `Published` (`{"message":"Published"}` for
 * `Accept: application/json`), 400 with the reason as text otherwise. No
 * auth, as in Pushpin: bind it to loopback.
 */
export function createPublishApi(
  hub: Hub,
  log: DevLog,
  bodyLimit = DEFAULT_PUBLISH_BODY_LIMIT,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/') {
      text(res, 200, 'faas-grip dev proxy API');
      return;
    }
    if (path !== '/publish' && path !== '/publish/') {
      text(res, 404, 'Not Found');
      return;
    }
    if (req.method !== 'POST') {
      text(res, 405, `Method not allowed: ${req.method}.`, { Allow: 'POST' });
      return;
    }
    readBody(req, bodyLimit).then(
      (body) => {
        let items: ReturnType<typeof parsePublishBody>;
        try {
          items = parsePublishBody(body.toString('utf8'));
        } catch (error) {
          const message = error instanceof PublishFormatError ? error.message : String(error);
          log({ level: 'warn', scope: 'publish', message: `refused: ${message}` });
          text(res, 400, message);
          return;
        }
        for (const item of items) hub.publish(item);
        if (wantsJson(req)) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(`${JSON.stringify({ message: 'Published' })}\n`);
        } else {
          text(res, 200, 'Published');
        }
      },
      (error: unknown) => {
        if (error instanceof RangeError) text(res, 400, 'Request body too large.');
        else res.destroy();
      },
    );
  };
}
