import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { HttpClient, ResponseHead } from '../engine/http/client.js';
import type { OriginAnswer } from '../engine/origin.js';

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
      res.writeHead(head.status, head.statusText, flat(head, ['Content-Length', String(body.length)]));
      res.end(body);
    },
    passOn(head, answer: OriginAnswer) {
      res.writeHead(head.status, head.statusText, flat(head));
      const chunks = answer.chunks();
      // The origin's own stream is piped as it is: no copy, and its pace is the client's.
      const body = chunks instanceof Readable ? chunks : Readable.from(chunks);
      body.pipe(res);
      res.on('close', () => body.destroy());
    },
    startStream(head) {
      res.writeHead(head.status, head.statusText, flat(head));
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
