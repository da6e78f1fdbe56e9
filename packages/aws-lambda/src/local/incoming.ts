import type { IncomingMessage } from 'node:http';

/** One HTTP request as the front door received it, before any AWS processing. */
export interface Incoming {
  method: string;
  /** Path exactly as sent, still percent-encoded. */
  path: string;
  /** Query string exactly as sent, without the `?`. */
  query: string;
  /** Header fields in arrival order, names as the client spelled them. */
  headers: [string, string][];
  body: Buffer;
  sourceIp: string;
  /** Local port the request arrived on. */
  port: number;
}

/** A request body past the front door's limit; it is not read any further. */
export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

export async function readIncoming(req: IncomingMessage, maxBodyBytes: number): Promise<Incoming> {
  if (Number(req.headers['content-length']) > maxBodyBytes) throw new BodyTooLarge(maxBodyBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLarge(maxBodyBytes);
    chunks.push(chunk as Buffer);
  }
  const target = req.url ?? '/';
  const mark = target.indexOf('?');
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return {
    method: req.method ?? 'GET',
    path: mark === -1 ? target : target.slice(0, mark),
    query: mark === -1 ? '' : target.slice(mark + 1),
    headers,
    body: Buffer.concat(chunks),
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    port: req.socket.localPort ?? 0,
  };
}

/** The last value of a header, matched case-insensitively. */
export function lastHeader(incoming: Incoming, name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const [field, value] of incoming.headers) if (field.toLowerCase() === lower) found = value;
  return found;
}

/**
 * The host an API Gateway front door reports as `requestContext.domainName`:
 * the Host the client sent (an HTTP/1.0 client may send none), as it is;
 * `handle()` decides whether it is a host.
 */
export function domainName(incoming: Incoming): string {
  return lastHeader(incoming, 'host') ?? `127.0.0.1:${incoming.port}`;
}

/** The first value of a header, matched case-insensitively. */
export function firstHeader(incoming: Incoming, name: string): string | undefined {
  const lower = name.toLowerCase();
  return incoming.headers.find(([field]) => field.toLowerCase() === lower)?.[1];
}

/** Query pairs decoded the way API Gateway reports them (`+` and `%XX` decoded). */
export function decodedQuery(query: string): [string, string][] {
  return [...new URLSearchParams(query)];
}

/** Query pairs left percent-encoded, the way ALB reports them. */
export function rawQuery(query: string): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

/** Groups pairs by key, keeping order; `lower` folds keys to lower case. */
export function grouped(pairs: readonly [string, string][], lower: boolean): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const spelling = new Map<string, string>();
  for (const [rawKey, value] of pairs) {
    const folded = rawKey.toLowerCase();
    const key = lower ? folded : (spelling.get(folded) ?? rawKey);
    if (!lower) spelling.set(folded, key);
    const list = groups.get(key);
    if (list) list.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}

/**
 * The client's headers with the X-Forwarded-* fields AWS front doors set:
 * the client address appended to X-Forwarded-For, and the port and scheme
 * this server was reached on (plain HTTP here).
 */
export function withForwardedHeaders(incoming: Incoming, names: 'as-sent' | 'lower'): [string, string][] {
  const forwarded = new Set(['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);
  const spell = (name: string) => (names === 'lower' ? name.toLowerCase() : name);
  const earlier = lastHeader(incoming, 'x-forwarded-for');
  return [
    ...incoming.headers
      .filter(([name]) => !forwarded.has(name.toLowerCase()))
      .map(([name, value]): [string, string] => [spell(name), value]),
    [
      spell('X-Forwarded-For'),
      earlier === undefined ? incoming.sourceIp : `${earlier}, ${incoming.sourceIp}`,
    ],
    [spell('X-Forwarded-Port'), String(incoming.port)],
    [spell('X-Forwarded-Proto'), 'http'],
  ];
}
