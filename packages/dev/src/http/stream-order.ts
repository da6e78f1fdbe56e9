import type { PublishItem } from '../publish/item.js';

interface Held {
  item: PublishItem;
  since: number;
  bytes: number;
}

export type Offer =
  /** In order: these go to the client now (the item, then any held ones that follow it). */
  | { kind: 'write'; items: PublishItem[] }
  /** Its `prev-id` is not the last id this stream got on that channel: it waits. */
  | { kind: 'held' }
  /** Dropped: another held item already follows the same id, or the stream holds too much. */
  | { kind: 'dropped'; why: string };

function key(channel: string, prevId: string): string {
  return `${channel}\n${prevId}`;
}

function sizeOf(item: PublishItem): number {
  const action = item.httpStream;
  return (action?.kind === 'content' ? action.content.length : 0) + (item.id?.length ?? 0);
}

/**
 * The order of one HTTP stream's published items, channel by channel: the id
 * of the last item the client got on each channel (its position, first the
 * hold's `prev-id`), and the items that arrived before the one they follow.
 * Held items are found by channel and `prev-id`, so delivering a chain costs
 * one lookup per item; their count and bytes are bounded.
 */
export class StreamOrder {
  private readonly positions = new Map<string, string | undefined>();
  /** By channel and prev-id, oldest first (a Map keeps insertion order). */
  private readonly held = new Map<string, Held>();
  private heldBytes = 0;
  private unordered = 0;

  constructor(private readonly limits: { items: number; bytes: number }) {}

  /** Sets where the client is on `channel`: the id of the last item it got, if known. */
  setPosition(channel: string, id: string | undefined): void {
    this.positions.set(channel, id);
  }

  position(channel: string): string | undefined {
    return this.positions.get(channel);
  }

  /** Forgets a channel the stream no longer listens on, with its held items. */
  removeChannel(channel: string): void {
    this.positions.delete(channel);
    for (const [k, held] of this.held) if (held.item.channel === channel) this.take(k);
  }

  get waiting(): boolean {
    return this.held.size > 0;
  }

  /** When the oldest held item arrived. */
  get oldestSince(): number | undefined {
    for (const held of this.held.values()) return held.since;
    return undefined;
  }

  private follows(item: PublishItem): boolean {
    const position = this.positions.get(item.channel);
    return item.prevId === undefined || position === undefined || item.prevId === position;
  }

  /** A newly published item; `hold` makes it wait even if it is in order (while the stream recovers). */
  offer(item: PublishItem, now: number, hold = false): Offer {
    if (!hold && this.follows(item)) return { kind: 'write', items: this.chain(item) };
    const prevId = item.prevId;
    // Only a recovery holds an item without prev-id; it gets a key no chain looks up.
    const k = prevId === undefined ? `${item.channel}\n\0${this.unordered++}` : key(item.channel, prevId);
    if (this.held.has(k)) {
      return { kind: 'dropped', why: `another held item already follows ${JSON.stringify(prevId)}` };
    }
    const bytes = sizeOf(item);
    if (this.held.size >= this.limits.items || this.heldBytes + bytes > this.limits.bytes) {
      return {
        kind: 'dropped',
        why: `the stream already holds ${this.held.size} items (${this.heldBytes} bytes)`,
      };
    }
    this.held.set(k, { item, since: now, bytes });
    this.heldBytes += bytes;
    return { kind: 'held' };
  }

  private take(k: string): PublishItem | undefined {
    const held = this.held.get(k);
    if (held === undefined) return undefined;
    this.held.delete(k);
    this.heldBytes -= held.bytes;
    return held.item;
  }

  /** `first`, then each held item that follows the one before it; moves the positions along. */
  private chain(first: PublishItem): PublishItem[] {
    const out: PublishItem[] = [];
    let item: PublishItem | undefined = first;
    while (item !== undefined) {
      out.push(item);
      this.positions.set(item.channel, item.id);
      item = item.id === undefined ? undefined : this.take(key(item.channel, item.id));
    }
    return out;
  }

  /**
   * After a recovery moved the positions: the held items that continue from
   * them, then those without a prev-id (a close action among them), which
   * follow no one and so were not covered by the recovery.
   */
  continuing(): PublishItem[] {
    const out: PublishItem[] = [];
    for (const [channel, position] of this.positions) {
      if (position === undefined) continue;
      const next = this.take(key(channel, position));
      if (next !== undefined) out.push(...this.chain(next));
    }
    for (const [k, held] of this.held) {
      if (held.item.prevId === undefined && this.take(k) !== undefined) out.push(...this.chain(held.item));
    }
    return out;
  }

  /** Drops every held item; returns how many there were. */
  clear(): number {
    const count = this.held.size;
    this.held.clear();
    this.heldBytes = 0;
    return count;
  }

  /**
   * Held items that arrived at or before `cutoff` go out anyway (Pushpin's
   * `message_wait`), oldest first, each followed by the held items that then
   * follow it. Without a cutoff, every held item goes.
   */
  release(cutoff = Number.POSITIVE_INFINITY): PublishItem[] {
    const out: PublishItem[] = [];
    for (const [k, held] of this.held) {
      if (held.since > cutoff) break;
      // An earlier chain in this pass may have taken it already.
      if (this.take(k) === undefined) continue;
      out.push(...this.chain(held.item));
    }
    return out;
  }
}
