import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';

export interface OriginRequest {
  method: string;
  /** Path and query, as the client asked for them. */
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** The origin server: where requests go, over a keep-alive agent. */
export class Origin {
  readonly url: URL;
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(url: string | URL) {
    this.url = new URL(url);
    if (this.url.protocol !== 'http:') {
      throw new TypeError(`The dev proxy's origin must be an http:// URL, got ${this.url.href}`);
    }
  }

  /** Origin path prefix + the client's path. */
  target(path: string): string {
    const base = this.url.pathname.replace(/\/+$/, '');
    return base + (path.startsWith('/') ? path : `/${path}`);
  }

  request(req: OriginRequest): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          host: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.url.port || 80,
          method: req.method,
          path: this.target(req.path),
          headers: { ...req.headers, 'content-length': String(req.body.length) },
          agent: this.agent,
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** True for errors where no origin was there to answer (worth retrying while it restarts). */
export function isConnectFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE';
}

export function readBody(stream: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new RangeError(`body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('request aborted')));
  });
}

/** Node's parsed headers as Web `Headers` (repeated values joined, as `fetch` does). */
export function webHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  }
  return out;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Response header pairs for the client: hop-by-hop headers, GRIP
 * instructions and anything in `drop` are left out.
 */
export function clientHeaderPairs(rawHeaders: string[], drop: (lowerName: string) => boolean): string[][] {
  const pairs: string[][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower.startsWith('grip-') || drop(lower)) continue;
    pairs.push([name, rawHeaders[i + 1]!]);
  }
  return pairs;
}

/**
 * Client request headers for the origin, less what a GRIP proxy must not pass
 * on (hop-by-hop headers, client-forged `Grip-*`, and `drop`).
 */
export function originHeaders(
  headers: IncomingHttpHeaders,
  drop: (lowerName: string) => boolean = () => false,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || name.startsWith('grip-') || name === 'content-length' || drop(name)) continue;
    out[name] = value;
  }
  // A held response gets published bytes appended to the origin's body, so
  // that body must not arrive compressed (workerd compresses when asked).
  out['accept-encoding'] = 'identity';
  return out;
}

/** Waits, unless the wait is cancelled by `signal`. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
