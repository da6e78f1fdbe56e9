import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';

export interface OriginRequest {
  method: string;
  /** Path and query, as the client asked for them. */
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Ends the request (and its response) when aborted: a time limit, or the proxy closing. */
  signal?: AbortSignal;
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
          ...(req.signal === undefined ? {} : { signal: req.signal }),
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
