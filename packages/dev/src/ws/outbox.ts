/**
 * The queue of events for one connection's origin requests. Only one request
 * is in flight at a time; whatever arrives meanwhile goes out together in the
 * next request, which is how Pushpin batches WebSocket-over-HTTP events.
 */
export class Outbox<T> {
  private queue: T[] = [];
  private inFlight = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  /** `send` returns false when the connection must not make further requests. */
  constructor(private readonly send: (batch: T[]) => Promise<boolean>) {}

  push(event: T): void {
    if (this.stopped) return;
    this.queue.push(event);
    this.pump();
  }

  /** Sends an empty request (a keep-alive) unless a request is already under way. */
  sendEmpty(): boolean {
    if (this.stopped || this.inFlight || this.queue.length > 0) return false;
    this.run([]);
    return true;
  }

  get busy(): boolean {
    return this.inFlight || this.queue.length > 0;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Drops what is queued and makes no more requests. */
  stop(): void {
    this.stopped = true;
    this.queue = [];
    if (!this.inFlight) this.settle();
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.inFlight || this.stopped || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.run(batch);
  }

  private run(batch: T[]): void {
    this.inFlight = true;
    this.send(batch).then(
      (proceed) => this.finish(proceed),
      () => this.finish(false),
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
