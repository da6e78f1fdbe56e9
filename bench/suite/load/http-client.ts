import { connect, type Socket } from 'node:net';

export interface LoadJob {
  url: string;
  seconds: number;
  connections: number;
  /** Request path and fixed headers; `Grip-Sig` comes from `sig()` per request. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  /** Responses with status 200. */
  ok: number;
  /** Responses with any other status. */
  other: number;
  errors: number;
  seconds: number;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');

/**
 * Reads one HTTP/1.1 response from the front of `data`: how many bytes it
 * took and its status, or undefined if it is not all there yet. Handles
 * Content-Length and chunked bodies, which is all an origin sends here.
 */
function parseResponse(data: Buffer): { length: number; status: number } | undefined {
  const end = data.indexOf(CRLF_CRLF);
  if (end < 0) return undefined;
  const head = data.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const total = end + 4 + Number(length[1]);
    return data.length >= total ? { length: total, status } : undefined;
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) return { length: end + 4, status };
  let at = end + 4;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.toString('latin1', at, lineEnd), 16);
    at = lineEnd + 2 + size + 2;
    if (data.length < at) return undefined;
    if (size === 0) return { length: at, status };
  }
}

/**
 * A closed-loop keep-alive load: `connections` sockets, each sending the
 * next request as soon as the previous answer is complete, for `seconds`.
 * No pipelining, as Pushpin's zurl does not pipeline either.
 */
export function runLoad(job: LoadJob, sig: () => string): Promise<LoadResult> {
  const target = new URL(job.url);
  const fixed = Object.entries({
    Host: target.host,
    ...job.headers,
    'Content-Length': String(Buffer.byteLength(job.body)),
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  let token = '';
  let request = Buffer.alloc(0);
  const nextRequest = () => {
    const current = sig();
    if (current !== token) {
      token = current;
      request = Buffer.from(
        `POST ${job.path} HTTP/1.1\r\n${fixed}Grip-Sig: ${token}\r\n\r\n${job.body}`,
        'latin1',
      );
    }
    return request;
  };
  const result: LoadResult = { ok: 0, other: 0, errors: 0, seconds: job.seconds };
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  return new Promise((resolve) => {
    let open = job.connections;
    const sockets: Socket[] = [];
    const finished = () => {
      open--;
      if (open === 0) {
        result.seconds = (performance.now() - started) / 1000;
        resolve(result);
      }
    };
    for (let i = 0; i < job.connections; i++) {
      const socket = connect(Number(target.port), target.hostname);
      sockets.push(socket);
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        socket.destroy();
        finished();
      };
      socket.on('connect', () => socket.write(nextRequest()));
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const response = parseResponse(pending);
        if (response === undefined) return;
        pending = pending.subarray(response.length);
        if (response.status === 200) result.ok++;
        else result.other++;
        if (performance.now() >= deadline) finish();
        else socket.write(nextRequest());
      });
      socket.on('error', () => {
        result.errors++;
        finish();
      });
      socket.on('close', finish);
    }
  });
}
