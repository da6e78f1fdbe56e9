/** What one publish item asks of WebSocket subscribers. */
export type WsMessageAction =
  | { kind: 'message'; type: 'text' | 'binary' | 'ping' | 'pong'; content: Uint8Array }
  | { kind: 'close'; code: number | undefined; reason: string };

/** What one publish item asks of held HTTP streams. */
export type HttpStreamAction = { kind: 'content'; content: Uint8Array } | { kind: 'close' };

/** The response that completes held long-polls. */
export interface HttpResponseAction {
  code: number;
  /** As written: its UTF-8 bytes, one character each (Node's `http` writes such text byte for byte). */
  reason: string | undefined;
  /** Values as written, like `reason`. */
  headers: Array<[string, string]>;
  body: Uint8Array;
}

export interface PublishItem {
  channel: string;
  id: string | undefined;
  prevId: string | undefined;
  /**
   * Pushpin's `no-seq`: the channel does not hold it back for its prev-id nor
   * move its last id to it (a held stream still checks the prev-id).
   */
  noSeq?: boolean;
  wsMessage: WsMessageAction | undefined;
  httpStream: HttpStreamAction | undefined;
  httpResponse: HttpResponseAction | undefined;
}
