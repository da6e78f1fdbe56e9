import type { ServerResponse } from 'node:http';

/** What the front door sends back to the HTTP client. */
export interface Reply {
  status: number;
  statusMessage?: string;
  headers: [string, string][];
  body: Buffer;
}

// Framing is the front door's job, not the function's.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** An event for the function, or the front door's own answer without invoking it. */
export type Made<E> = { event: E } | { reply: Reply };

export function writeReply(res: ServerResponse, reply: Reply): void {
  const flat: string[] = [];
  for (const [name, value] of reply.headers) {
    if (!FRAMING.has(name.toLowerCase())) flat.push(name, value);
  }
  flat.push('Content-Length', String(reply.body.length));
  if (reply.statusMessage) res.writeHead(reply.status, reply.statusMessage, flat);
  else res.writeHead(reply.status, flat);
  res.end(reply.body);
}

export function jsonReply(status: number, body: unknown, extra: [string, string][] = []): Reply {
  return {
    status,
    headers: [['Content-Type', 'application/json'], ...extra],
    body: Buffer.from(JSON.stringify(body)),
  };
}

export function textReply(status: number, text: string): Reply {
  return { status, headers: [['Content-Type', 'text/plain']], body: Buffer.from(text) };
}

/** Result header values may be numbers or booleans; HTTP carries their text. */
export function headerText(value: boolean | number | string): string {
  return String(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function resultBodyBytes(body: unknown, isBase64Encoded: unknown): Buffer {
  if (typeof body !== 'string') return Buffer.alloc(0);
  return Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8');
}
