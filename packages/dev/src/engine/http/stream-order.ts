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

interface Position {
  id: string | undefined;
  strict: boolean;
}

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
  private readonly positions = new Map<string, Position>();
  /** By channel and prev-id, oldest first (a Map keeps insertion order). */
  private readonly held = new Map<string, Held>();
  private heldBytes = 0;
  private unordered = 0;

  constructor(private readonly limits: { items: number; bytes: number }) {}

  /**
   * Sets where the client is on `channel`: the id of the last item it got, if
   * known. `strict` (a hold's prev-id, with a link to recover from) admits only
   * the item whose prev-id is that id, as Pushpin does: an item without
   * prev-id there is a gap too.
   */
  setPosition(channel: string, id: string | undefined, strict: boolean): void {
    this.positions.set(channel, { id, strict: strict && id !== undefined });
  }

  position(channel: string): string | undefined {
    return this.positions.get(channel)?.id;
  }

  /** The position of a strict channel: what a recovery tells the origin (Pushpin sends no other). */
  strictPosition(channel: string): string | undefined {
    const position = this.positions.get(channel);
    return position?.strict === true ? position.id : undefined;
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
    if (position?.strict === true) return item.prevId === position.id;
    return item.prevId === undefined || position?.id === undefined || item.prevId === position.id;
  }

  /** A newly published item; `hold` makes it wait even if it is in order (while the stream recovers). */
  offer(item: PublishItem, now: number, hold = false): Offer {
    if (!hold && this.follows(item)) return { kind: 'write', items: this.chain(item) };
    const prevId = item.prevId;
    // An item without prev-id is held only by a strict channel or a recovery; no chain looks up its key.
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
      // An item without id leaves the channel without a position, as Pushpin's channel prev-id.
      const strict = this.positions.get(item.channel)?.strict === true;
      this.positions.set(item.channel, { id: item.id, strict: strict && item.id !== undefined });
      item = item.id === undefined ? undefined : this.take(key(item.channel, item.id));
    }
    return out;
  }

  /**
   * After a recovery moved the positions: the held items that continue from
   * them, then those without a prev-id (a close action among them) on channels
   * that are not strict. What is left was covered by the recovery, or (without
   * prev-id on a strict channel) is what Pushpin drops too.
   */
  continuing(): PublishItem[] {
    const out: PublishItem[] = [];
    for (const [channel, position] of this.positions) {
      if (position.id === undefined) continue;
      const next = this.take(key(channel, position.id));
      if (next !== undefined) out.push(...this.chain(next));
    }
    for (const [k, held] of this.held) {
      const strict = this.positions.get(held.item.channel)?.strict === true;
      if (held.item.prevId !== undefined || strict || this.take(k) === undefined) continue;
      out.push(...this.chain(held.item));
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
