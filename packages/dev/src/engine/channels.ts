/**
 * What the engine's connections and holds need of published items and of the
 * hub that fans them out. The dev proxy's publish parser and hub produce and
 * accept exactly these shapes.
 */

/** What one publish item asks of WebSocket subscribers. */
export type EngineWsAction =
  | { kind: 'message'; type: 'text' | 'binary' | 'ping' | 'pong'; content: Uint8Array }
  | { kind: 'close'; code: number | undefined; reason: string };

/** A published item, as far as a WebSocket connection reads it. */
export interface EngineItem {
  channel: string;
  id: string | undefined;
  prevId: string | undefined;
  wsMessage: EngineWsAction | undefined;
}

/** Something held open on channels. */
export interface EngineSubscriber {
  /** Delivers an item; true if the subscriber had a format for it. */
  deliver(item: EngineItem): boolean;
}

/** Where subscriptions are kept: the proxy's hub. */
export interface Channels {
  subscribe(channel: string, subscriber: EngineSubscriber): void;
  unsubscribe(channel: string, subscriber: EngineSubscriber): void;
}
