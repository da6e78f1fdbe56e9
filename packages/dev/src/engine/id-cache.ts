interface Entry {
  channel: string;
  ids: Map<string, number>;
  id: string;
  expires: number;
}

/**
 * The ids published recently on each channel (Pushpin's `id_cache_ttl`), so
 * that a publisher's retry is dropped as a repeat. Every id lives the same
 * time, so one queue across channels holds them in expiry order: expiring is
 * popping its front. The ids' total length is bounded too: past it the
 * oldest go first, so that a publisher sending huge or countless ids cannot
 * grow the cache without end.
 */
export class IdCache {
  private readonly byChannel = new Map<string, Map<string, number>>();
  private readonly order: Array<Entry | undefined> = [];
  private head = 0;
  private chars = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxChars: number,
  ) {}

  /** Total length of the ids held. */
  get size(): number {
    return this.chars;
  }

  has(channel: string, id: string): boolean {
    this.expire();
    return this.byChannel.get(channel)?.has(id) === true;
  }

  /** True while the channel has ids that have not expired. */
  holds(channel: string): boolean {
    this.expire();
    return this.byChannel.has(channel);
  }

  add(channel: string, id: string): void {
    this.expire();
    let ids = this.byChannel.get(channel);
    if (ids === undefined) {
      ids = new Map();
      this.byChannel.set(channel, ids);
    }
    if (ids.delete(id)) this.chars -= id.length;
    const expires = Date.now() + this.ttlMs;
    ids.set(id, expires);
    this.chars += id.length;
    this.order.push({ channel, ids, id, expires });
    let more = true;
    while (this.chars > this.maxChars && more) more = this.pop();
  }

  /** Drops the ids whose time is up. */
  expire(): void {
    const now = Date.now();
    while (this.head < this.order.length && (this.order[this.head]?.expires ?? 0) <= now) this.pop();
  }

  /** Removes the oldest entry (unless a later add replaced it); false when there is none. */
  private pop(): boolean {
    if (this.head >= this.order.length) return false;
    const entry = this.order[this.head];
    this.order[this.head++] = undefined;
    if (entry !== undefined && entry.ids.get(entry.id) === entry.expires) {
      entry.ids.delete(entry.id);
      this.chars -= entry.id.length;
      if (entry.ids.size === 0 && this.byChannel.get(entry.channel) === entry.ids) {
        this.byChannel.delete(entry.channel);
      }
    }
    // The consumed front is cut off now and then, not on every pop.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return true;
  }

  clear(): void {
    this.byChannel.clear();
    this.order.length = 0;
    this.head = 0;
    this.chars = 0;
  }
}
