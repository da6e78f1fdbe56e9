/**
 * The same echo as echo/ours.ts, written straight on @fanoutio/grip the way
 * its documentation suggests: verify the Grip-Sig with `validateSig`, decode
 * the events, drive grip's WebSocketContext, encode its outgoing events.
 * Transport-free so the Node origin and the Lambda handler share it.
 */
import { decodeWebSocketEvents, encodeWebSocketEvents, validateSig, WebSocketContext } from '@fanoutio/grip';

export interface GripEcho {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Headers as lower-case names (node:http and Lambda events both give them so). */
export type LowerHeaders = Record<string, string | string[] | undefined>;

function header(headers: LowerHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function metaOf(headers: LowerHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (name.startsWith('meta-')) meta[name.slice(5)] = header(headers, name) ?? '';
  }
  return meta;
}

const forbidden: GripEcho = { status: 403, headers: {}, body: new Uint8Array(0) };

/** `key` undefined: no verification (the no-key figure). */
export async function gripEcho(
  headers: LowerHeaders,
  body: Uint8Array,
  key: Uint8Array | undefined,
  iss: string,
): Promise<GripEcho> {
  if (key !== undefined) {
    const token = header(headers, 'grip-sig');
    if (token === undefined || !(await validateSig(token, key, iss))) return forbidden;
  }
  const ws = new WebSocketContext(
    header(headers, 'connection-id') ?? '',
    metaOf(headers),
    decodeWebSocketEvents(body),
  );
  if (ws.isOpening()) ws.accept();
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    ws.send(message);
  }
  return { status: 200, headers: ws.toHeaders(), body: encodeWebSocketEvents(ws.getOutgoingEvents()) };
}
