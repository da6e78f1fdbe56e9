import type { Timer } from '../timers.js';
import type { HttpClient } from './client.js';
import type { HoldKeepAlive } from './instruct.js';

export interface StreamWriterHooks {
  /** The client let more than the backlog limit pile up unread; the stream should go. */
  onStuck(waitingBytes: number): void;
  /** Runs timer work so that a fault in it ends this stream only. */
  guarded(run: () => void): void;
}

/**
 * Writes to one held stream: a client that stops reading is given up on
 * once its backlog passes the limit, and the keep-alive data goes out after
 * each idle period (or at each interval, in `interval` mode).
 */
export class StreamWriter {
  private keepAlive: HoldKeepAlive | undefined;
  private timer: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly client: HttpClient,
    private readonly backlogLimit: number,
    private readonly hooks: StreamWriterHooks,
  ) {}

  setKeepAlive(keepAlive: HoldKeepAlive): void {
    this.keepAlive = keepAlive;
    this.arm();
  }

  /** Writes `data`; `activity` restarts an idle keep-alive. False once the stream is given up. */
  write(data: Uint8Array, activity = false): boolean {
    if (this.stopped || this.client.closed) return false;
    if (data.length === 0) return true;
    if (this.client.backlog + data.length > this.backlogLimit) {
      this.hooks.onStuck(this.client.backlog);
      return false;
    }
    this.client.write(data);
    if (activity && this.keepAlive?.mode !== 'interval') this.arm();
    return true;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const keepAlive = this.keepAlive;
    if (keepAlive === undefined || this.stopped) return;
    this.timer = setTimeout(
      () =>
        this.hooks.guarded(() => {
          if (this.write(keepAlive.data)) this.arm();
        }),
      keepAlive.timeoutSeconds * 1000,
    );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
