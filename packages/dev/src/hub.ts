import type { PublishItem } from './publish/item.js';

/** Something held open on channels: a WebSocket, an HTTP stream or a long-poll. */
export interface Subscriber {
  /** Delivers an item; returns true if the subscriber had a format for it. */
  deliver(item: PublishItem): boolean;
}

interface ChannelState {
  subscribers: Set<Subscriber>;
  lastId: string | undefined;
  /** Items waiting for their `prev-id`, by that id. */
  waiting: Map<string, { item: PublishItem; timer: NodeJS.Timeout }>;
  /** The ids of the waiting items, to drop a repeat of one. */
  waitingIds: Set<string>;
  /** Ids already delivered, with when they expire, oldest first. */
  seen: Map<string, number>;
}

export interface HubOptions {
  /** How long an item waits for its `prev-id` before going out anyway (Pushpin's `message_wait`). */
  messageWaitMs?: number;
  /** How long a delivered id is remembered to drop repeats (Pushpin's `id_cache_ttl`). */
  idCacheTtlMs?: number;
  /** Told about each delivery (or drop), for logging. */
  onDeliver?: (item: PublishItem, receivers: number, note?: string) => void;
  /** Told when a subscriber failed to take an item; the others still get it. */
  onSubscriberError?: (item: PublishItem, error: unknown) => void;
}

/**
 * Channels and their subscribers. Items with ids are kept in order: one whose
 * `prev-id` is not the channel's last id waits (up to `messageWaitMs`) for the
 * item it follows, and an id seen recently is dropped as a repeat.
 */
export class Hub {
  private readonly channels = new Map<string, ChannelState>();
  private readonly messageWaitMs: number;
  private readonly idCacheTtlMs: number;

  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: HubOptions = {}) {
    this.messageWaitMs = options.messageWaitMs ?? 5000;
    this.idCacheTtlMs = options.idCacheTtlMs ?? 60_000;
    // A channel published to once keeps its ids until they expire, then is forgotten.
    this.sweeper = setInterval(() => this.sweep(), this.idCacheTtlMs);
    this.sweeper.unref();
  }

  /** Channels the hub holds state for (subscribers, waiting items or recent ids). */
  get channelCount(): number {
    return this.channels.size;
  }

  private sweep(): void {
    for (const [name, state] of this.channels) {
      this.expireSeen(state);
      if (state.subscribers.size === 0 && state.waiting.size === 0 && state.seen.size === 0) {
        this.channels.delete(name);
      }
    }
  }

  private state(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (state === undefined) {
      state = {
        subscribers: new Set(),
        lastId: undefined,
        waiting: new Map(),
        waitingIds: new Set(),
        seen: new Map(),
      };
      this.channels.set(channel, state);
    }
    return state;
  }

  private forget(channel: string): void {
    const state = this.channels.get(channel);
    if (state && state.subscribers.size === 0 && state.waiting.size === 0 && state.lastId === undefined) {
      this.channels.delete(channel);
    }
  }

  subscribe(channel: string, subscriber: Subscriber): void {
    this.state(channel).subscribers.add(subscriber);
  }

  unsubscribe(channel: string, subscriber: Subscriber): void {
    this.channels.get(channel)?.subscribers.delete(subscriber);
    this.forget(channel);
  }

  subscriberCount(channel: string): number {
    return this.channels.get(channel)?.subscribers.size ?? 0;
  }

  /** The id of the last item delivered on `channel`, if it had one. */
  lastId(channel: string): string | undefined {
    return this.channels.get(channel)?.lastId;
  }

  /** Publishes one item; returns how many subscribers it reached now (0 if it waits). */
  publish(item: PublishItem): number {
    const state = this.state(item.channel);
    if (item.id !== undefined) {
      this.expireSeen(state);
      if (state.seen.has(item.id) || state.waitingIds.has(item.id)) {
        // A publisher that retried after a lost answer sends the same id again.
        this.options.onDeliver?.(item, 0, `id ${item.id} was already published; dropped`);
        return 0;
      }
    }
    if (item.prevId !== undefined && state.lastId !== undefined && item.prevId !== state.lastId) {
      this.wait(state, item, item.prevId);
      this.options.onDeliver?.(item, 0, `waiting for prev-id ${item.prevId} (last id is ${state.lastId})`);
      return 0;
    }
    return this.deliverInOrder(state, item);
  }

  /** Ids are added with the same lifetime, so the expired ones are at the front. */
  private expireSeen(state: ChannelState): void {
    const now = Date.now();
    for (const [id, expires] of state.seen) {
      if (expires > now) break;
      state.seen.delete(id);
    }
  }

  private wait(state: ChannelState, item: PublishItem, prevId: string): void {
    this.takeWaiting(state, prevId);
    const timer = setTimeout(() => {
      if (state.waiting.get(prevId)?.item !== item) return;
      this.takeWaiting(state, prevId);
      this.deliverInOrder(state, item, `prev-id ${prevId} never came; sent after ${this.messageWaitMs} ms`);
    }, this.messageWaitMs);
    timer.unref();
    state.waiting.set(prevId, { item, timer });
    if (item.id !== undefined) state.waitingIds.add(item.id);
  }

  /** Removes and returns the item waiting for `prevId`, if any. */
  private takeWaiting(state: ChannelState, prevId: string): PublishItem | undefined {
    const entry = state.waiting.get(prevId);
    if (entry === undefined) return undefined;
    clearTimeout(entry.timer);
    state.waiting.delete(prevId);
    if (entry.item.id !== undefined) state.waitingIds.delete(entry.item.id);
    return entry.item;
  }

  /** Delivers `first`, then each waiting item that follows it, in a loop (a chain can be long). */
  private deliverInOrder(state: ChannelState, first: PublishItem, note?: string): number {
    let receivers = 0;
    let item: PublishItem | undefined = first;
    let why = note;
    while (item !== undefined) {
      receivers += this.deliverOne(state, item, why);
      why = undefined;
      item = item.id === undefined ? undefined : this.takeWaiting(state, item.id);
    }
    return receivers;
  }

  private deliverOne(state: ChannelState, item: PublishItem, note?: string): number {
    let receivers = 0;
    for (const subscriber of [...state.subscribers]) {
      try {
        if (subscriber.deliver(item)) receivers++;
      } catch (error) {
        this.options.onSubscriberError?.(item, error);
      }
    }
    this.options.onDeliver?.(item, receivers, note);
    if (item.id !== undefined) {
      state.lastId = item.id;
      state.seen.delete(item.id);
      state.seen.set(item.id, Date.now() + this.idCacheTtlMs);
    }
    return receivers;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const state of this.channels.values()) {
      for (const { timer } of state.waiting.values()) clearTimeout(timer);
    }
    this.channels.clear();
  }
}
