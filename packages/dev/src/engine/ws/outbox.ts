export interface OutboxOptions<T> {
  /** Most events in one batch. */
  maxBatchEvents?: number;
  /** Most bytes in one batch, by `size`; an event larger than this goes alone. */
  maxBatchBytes?: number;
  /** What an event weighs in bytes. */
  size?: (event: T) => number;
  /** Told when a batch left the queue (so a paused producer may resume). */
  onTaken?: () => void;
  /** Told when `send` rejected instead of answering; the outbox stops. */
  onError?: (error: unknown) => void;
}

/**
 * The queue of events for one connection's origin requests. Only one request
 * is in flight at a time; whatever arrives meanwhile goes out in the next
 * requests, batched up to the limits, which is how Pushpin batches
 * WebSocket-over-HTTP events.
 */
export class Outbox<T> {
  // A queue read from `head`, so that taking a batch costs its own length only.
  private items: T[] = [];
  private head = 0;
  private bytes = 0;
  private inFlight = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  private readonly maxBatchEvents: number;
  private readonly maxBatchBytes: number;
  private readonly size: (event: T) => number;

  /** `send` returns false when the connection must not make further requests. */
  constructor(
    private readonly send: (batch: T[]) => Promise<boolean>,
    private readonly options: OutboxOptions<T> = {},
  ) {
    this.maxBatchEvents = options.maxBatchEvents ?? Number.POSITIVE_INFINITY;
    this.maxBatchBytes = options.maxBatchBytes ?? Number.POSITIVE_INFINITY;
    this.size = options.size ?? (() => 0);
  }

  push(event: T): void {
    if (this.stopped) return;
    this.items.push(event);
    this.bytes += this.size(event);
    this.pump();
  }

  /** Events waiting for a request. */
  get queued(): number {
    return this.items.length - this.head;
  }

  /** Their weight in bytes. */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** Sends an empty request (a keep-alive) unless a request is already under way. */
  sendEmpty(): boolean {
    if (this.stopped || this.inFlight || this.queued > 0) return false;
    this.run([]);
    return true;
  }

  get busy(): boolean {
    return this.inFlight || this.queued > 0;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Drops what is queued and makes no more requests. */
  stop(): void {
    this.stopped = true;
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    if (!this.inFlight) this.settle();
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private take(): T[] {
    const batch: T[] = [];
    let bytes = 0;
    while (this.head < this.items.length && batch.length < this.maxBatchEvents) {
      const event = this.items[this.head]!;
      const size = this.size(event);
      if (batch.length > 0 && bytes + size > this.maxBatchBytes) break;
      batch.push(event);
      bytes += size;
      this.head++;
    }
    this.bytes -= bytes;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  private pump(): void {
    if (this.inFlight || this.stopped || this.queued === 0) return;
    this.run(this.take());
    this.options.onTaken?.();
  }

  private run(batch: T[]): void {
    this.inFlight = true;
    let pending: Promise<boolean>;
    try {
      pending = this.send(batch);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (proceed) => this.finish(proceed),
      (error: unknown) => {
        this.finish(false);
        this.options.onError?.(error);
      },
    );
  }

  private finish(proceed: boolean): void {
    this.inFlight = false;
    if (!proceed) this.stop();
    this.pump();
    if (!this.busy) this.settle();
  }

  private settle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
