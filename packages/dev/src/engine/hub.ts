import { IdCache } from './id-cache.js';
import type { PublishItem } from './publish/item.js';
import { type Timer, unref } from './timers.js';

/** Something held open on channels: a WebSocket, an HTTP stream or a long-poll. */
export interface Subscriber {
  /** Delivers an item; returns true if the subscriber had a format for it. */
  deliver(item: PublishItem): boolean;
  /**
   * True for a subscriber that keeps each channel's items in order itself (an
   * HTTP stream tracks its own prev-ids and recovers gaps through its next
   * link): it gets each new item as it arrives, not after the channel's wait.
   */
  readonly ordersItself?: boolean;
}

interface ChannelState {
  subscribers: Set<Subscriber>;
  lastId: string | undefined;
  /** Items waiting for their `prev-id`, by that id. */
  waiting: Map<string, { item: PublishItem; timer: Timer }>;
  /** The ids of the waiting items, to drop a repeat of one. */
  waitingIds: Set<string>;
}

export interface HubOptions {
  /** How long an item waits for its `prev-id` before going out anyway (Pushpin's `message_wait`). */
  messageWaitMs?: number;
  /** How long a delivered id is remembered to drop repeats (Pushpin's `id_cache_ttl`). */
  idCacheTtlMs?: number;
  /** Most items one channel keeps waiting (Pushpin: 100); more are dropped. */
  maxWaiting?: number;
  /** Most characters of recent ids kept, all channels together; past it the oldest are forgotten first. */
  idCacheChars?: number;
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
  private readonly maxWaiting: number;
  private readonly ids: IdCache;

  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(private readonly options: HubOptions = {}) {
    this.messageWaitMs = options.messageWaitMs ?? 5000;
    this.idCacheTtlMs = options.idCacheTtlMs ?? 60_000;
    this.maxWaiting = options.maxWaiting ?? 100;
    this.ids = new IdCache(this.idCacheTtlMs, options.idCacheChars ?? 16 * 1024 * 1024);
    // A channel published to once keeps its ids until they expire, then is forgotten.
    this.sweeper = setInterval(() => this.sweep(), this.idCacheTtlMs);
    unref(this.sweeper);
  }

  /** Channels the hub holds state for (subscribers, waiting items or recent ids). */
  get channelCount(): number {
    return this.channels.size;
  }

  private sweep(): void {
    this.ids.expire();
    for (const [name, state] of this.channels) {
      if (state.subscribers.size === 0 && state.waiting.size === 0 && !this.ids.holds(name)) {
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
      if (this.ids.has(item.channel, item.id) || state.waitingIds.has(item.id)) {
        // A publisher that retried after a lost answer sends the same id again.
        this.options.onDeliver?.(item, 0, `id ${item.id} was already published; dropped`);
        return 0;
      }
    }
    if (item.noSeq === true) {
      const receivers = this.deliverOne(state, item, 'all');
      this.options.onDeliver?.(item, receivers, 'no-seq');
      if (item.id !== undefined) this.ids.add(item.channel, item.id);
      return receivers;
    }
    if (item.prevId !== undefined && state.lastId !== undefined && item.prevId !== state.lastId) {
      // Streams order items themselves: they get it now, the others once it is in order.
      const now = this.deliverOne(state, item, 'self');
      const refused = state.waiting.has(item.prevId)
        ? `another item already waits for prev-id ${item.prevId}; dropped`
        : state.waiting.size >= this.maxWaiting
          ? `${state.waiting.size} items already wait on this channel; dropped`
          : undefined;
      if (refused !== undefined) {
        // Dropped as Pushpin's sequencer drops it; the streams got it, so a repeat is still one.
        if (item.id !== undefined) this.ids.add(item.channel, item.id);
        this.options.onDeliver?.(item, now, refused);
        return now;
      }
      this.wait(state, item, item.prevId);
      this.options.onDeliver?.(item, now, `waiting for prev-id ${item.prevId} (last id is ${state.lastId})`);
      return now;
    }
    return this.deliverInOrder(state, item);
  }

  private wait(state: ChannelState, item: PublishItem, prevId: string): void {
    const timer = setTimeout(() => {
      if (state.waiting.get(prevId)?.item !== item) return;
      this.takeWaiting(state, prevId);
      this.deliverInOrder(
        state,
        item,
        `prev-id ${prevId} never came; sent after ${this.messageWaitMs} ms`,
        'others',
      );
    }, this.messageWaitMs);
    unref(timer);
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

  /**
   * Delivers `first`, then each waiting item that follows it, in a loop (a
   * chain can be long). Waiting items reached the streams when they arrived.
   */
  private deliverInOrder(
    state: ChannelState,
    first: PublishItem,
    note?: string,
    to: 'all' | 'others' = 'all',
  ): number {
    let receivers = 0;
    let item: PublishItem | undefined = first;
    let why = note;
    let who = to;
    while (item !== undefined) {
      const reached = this.deliverOne(state, item, who);
      receivers += reached;
      this.options.onDeliver?.(item, reached, why);
      this.remember(state, item);
      why = undefined;
      who = 'others';
      item = item.id === undefined ? undefined : this.takeWaiting(state, item.id);
    }
    return receivers;
  }

  /** Hands `item` to all subscribers, or only to those that order items themselves, or only to the others. */
  private deliverOne(state: ChannelState, item: PublishItem, who: 'all' | 'self' | 'others'): number {
    let receivers = 0;
    for (const subscriber of [...state.subscribers]) {
      if (who !== 'all' && (subscriber.ordersItself === true) !== (who === 'self')) continue;
      try {
        if (subscriber.deliver(item)) receivers++;
      } catch (error) {
        this.options.onSubscriberError?.(item, error);
      }
    }
    return receivers;
  }

  /** The channel's last id moves to a delivered item's, which is remembered to drop a repeat. */
  private remember(state: ChannelState, item: PublishItem): void {
    if (item.id === undefined) return;
    state.lastId = item.id;
    this.ids.add(item.channel, item.id);
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const state of this.channels.values()) {
      for (const { timer } of state.waiting.values()) clearTimeout(timer);
    }
    this.channels.clear();
    this.ids.clear();
  }
}
