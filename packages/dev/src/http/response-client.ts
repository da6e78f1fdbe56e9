import { type ServerResponse, STATUS_CODES } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import type { HttpClient, ResponseHead } from '../engine/http/client.js';
import type { OriginAnswer } from '../engine/origin.js';

/** The reason phrase to send: the head's own, or the standard one for its status. */
function reason(head: ResponseHead): string {
  return head.statusText || STATUS_CODES[head.status] || '';
}

function flat(head: ResponseHead, extra: string[] = []): string[] {
  const out: string[] = [];
  for (const [name, value] of head.headers) out.push(name, value);
  out.push(...extra);
  return out;
}

/** The engine's view of a node:http response to the client. */
export function responseClient(res: ServerResponse): HttpClient {
  return {
    respond(head, body) {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(head.status, reason(head), flat(head, ['Content-Length', String(body.length)]));
      res.end(body);
    },
    passOn(head, answer: OriginAnswer) {
      res.writeHead(head.status, reason(head), flat(head));
      const chunks = answer.chunks();
      // The origin's own stream is piped as it is: no copy, and its pace is the client's.
      const body = chunks instanceof Readable ? chunks : Readable.from(chunks);
      // A failing body ends the client's answer (a dropped connection), never the process.
      pipeline(body, res, () => undefined);
    },
    startStream(head) {
      res.writeHead(head.status, reason(head), flat(head));
      res.flushHeaders();
    },
    write(data) {
      res.write(data);
    },
    end() {
      res.end();
    },
    abort() {
      res.destroy();
    },
    get started() {
      return res.headersSent;
    },
    get closed() {
      return res.writableEnded || res.destroyed;
    },
    get backlog() {
      return res.writableLength;
    },
    onClose(listener) {
      res.on('close', listener);
    },
  };
}
