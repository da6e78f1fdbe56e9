import type { IncomingMessage, ServerResponse } from 'node:http';
import { announcesMoreThan, BodyTooLargeError, readBody } from '../body.js';
import { describeError } from '../engine/guard.js';
import type { Hub } from '../engine/hub.js';
import type { DevLog } from '../engine/log.js';
import { PublishFormatError, parsePublishBody } from '../engine/publish/parse.js';
import { accessRefusal, contentTypeRefusal, type PublishAccess } from './access.js';

export interface PublishApiOptions {
  hub: Hub;
  log: DevLog;
  access: PublishAccess;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
}

function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '')
    .split(',')
    .some((type) => type.trim().split(';')[0] === 'application/json');
}

function text(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(`${body}\n`);
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': String(bytes.length), ...extra });
  res.end(bytes);
}

/**
 * The publish API, answering like Pushpin's: `POST /publish/` with
 * `{"items": [...]}` → 200 `Published` (`{"message":"Published"}` for
 * `Accept: application/json`), 400 with the reason as text otherwise. No
 * credentials, as in Pushpin, but no web page may use it either (see
 * `accessRefusal`).
 */
export function createPublishApi(
  options: PublishApiOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { hub, log, access, bodyLimit } = options;
  const refuse = (res: ServerResponse, status: number, message: string, extra?: Record<string, string>) => {
    log({ level: 'warn', scope: 'publish', message: `refused (${status}): ${message}` });
    text(res, status, message, extra);
  };
  return async (req, res) => {
    const denied = accessRefusal(req, access);
    if (denied !== undefined) {
      refuse(res, denied.status, denied.message, { Connection: 'close' });
      return;
    }
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
    const wrongType = contentTypeRefusal(req);
    if (wrongType !== undefined) {
      refuse(res, wrongType.status, wrongType.message, { Connection: 'close' });
      return;
    }
    // Answered on the same connection, which then closes: what was not read is not read.
    if (announcesMoreThan(req, bodyLimit)) {
      refuse(res, 400, 'Request body too large.', { Connection: 'close' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        refuse(res, 400, 'Request body too large.', { Connection: 'close' });
      else {
        log({ level: 'warn', scope: 'publish', message: `request failed: ${describeError(error)}` });
        res.destroy();
      }
      return;
    }
    let items: ReturnType<typeof parsePublishBody>;
    try {
      items = parsePublishBody(body.toString('utf8'));
    } catch (error) {
      if (!(error instanceof PublishFormatError)) throw error;
      refuse(res, 400, error.message);
      return;
    }
    for (const item of items) hub.publish(item);
    if (wantsJson(req)) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify({ message: 'Published' })}\n`);
    } else {
      text(res, 200, 'Published');
    }
  };
}
