import type { PublishItem } from '@faas-grip/dev/engine';

const decoder = new TextDecoder();

/** What a publish asked of WebSocket subscribers. */
export type PublishedWsMessage =
  | { type: 'text' | 'binary' | 'ping' | 'pong'; text: string; bytes: Uint8Array }
  | { type: 'close'; code: number | undefined; reason: string };

/** What a publish asked of held HTTP streams. */
export type PublishedHttpStream = { type: 'content'; text: string; bytes: Uint8Array } | { type: 'close' };

/** The response a publish completes long-polls with. */
export interface PublishedHttpResponse {
  status: number;
  headers: Array<[string, string]>;
  text: string;
  bytes: Uint8Array;
}

/** One item the handler published, as the proxy received it. */
export interface PublishedItem {
  /** The channel as the handler named it (`GRIP_PREFIX` removed). */
  channel: string;
  /** The channel on the wire, prefix included. */
  wireChannel: string;
  id: string | undefined;
  prevId: string | undefined;
  ws: PublishedWsMessage | undefined;
  stream: PublishedHttpStream | undefined;
  response: PublishedHttpResponse | undefined;
}

const copy = (bytes: Uint8Array): Uint8Array => Uint8Array.from(bytes);

/** The test's view of a parsed publish item. */
export function publishedItem(item: PublishItem, prefix: string): PublishedItem {
  const ws = item.wsMessage;
  const stream = item.httpStream;
  const response = item.httpResponse;
  return {
    channel: item.channel.startsWith(prefix) ? item.channel.slice(prefix.length) : item.channel,
    wireChannel: item.channel,
    id: item.id,
    prevId: item.prevId,
    ws:
      ws === undefined
        ? undefined
        : ws.kind === 'close'
          ? { type: 'close', code: ws.code, reason: ws.reason }
          : { type: ws.type, text: decoder.decode(ws.content), bytes: copy(ws.content) },
    stream:
      stream === undefined
        ? undefined
        : stream.kind === 'close'
          ? { type: 'close' }
          : { type: 'content', text: decoder.decode(stream.content), bytes: copy(stream.content) },
    response:
      response === undefined
        ? undefined
        : {
            status: response.code,
            headers: response.headers.map(([name, value]) => [name, value]),
            text: decoder.decode(response.body),
            bytes: copy(response.body),
          },
  };
}
