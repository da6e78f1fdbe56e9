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

/** A reset on a reused keep-alive connection before any answer: worth one more try. */
class ReusedSocketReset extends Error {
  readonly reset: Error;
  constructor(reset: Error) {
    super(reset.message);
    this.reset = reset;
  }
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

  /**
   * Sends `req` and resolves with the origin's answer. A kept-alive
   * connection that the origin closed as idle at the moment it was reused
   * fails with a reset before any answer: the origin never saw that request,
   * so it is sent once more on a new connection.
   */
  async request(req: OriginRequest): Promise<IncomingMessage> {
    try {
      return await this.send(req, this.agent);
    } catch (error) {
      if (!(error instanceof ReusedSocketReset)) throw error;
      if (req.signal?.aborted) throw error.reset;
      return this.send(req, undefined);
    }
  }

  private send(req: OriginRequest, agent: http.Agent | undefined): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          host: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.url.port || 80,
          method: req.method,
          path: this.target(req.path),
          headers: { ...req.headers, 'content-length': String(req.body.length) },
          // No agent: a connection of its own, closed after the answer.
          agent: agent ?? false,
          ...(req.signal === undefined ? {} : { signal: req.signal }),
        },
        resolve,
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
        reject(agent !== undefined && reset && outgoing.reusedSocket ? new ReusedSocketReset(error) : error);
      });
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
