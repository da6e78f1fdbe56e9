import type { ClientEndpoint } from './client.js';
import type { OutEvent } from './origin-link.js';
import type { Outbox } from './outbox.js';

export interface FlowLimits {
  /** Client events waiting for the origin before the client is no longer read. */
  clientQueueEvents: number;
  /** The same in bytes. */
  clientQueueBytes: number;
}

/**
 * Holds a client back while the origin is behind: past the limits, the client
 * is not read (a socket's frames wait in TCP), so nothing is dropped and memory
 * stays bounded; reading resumes once the queue is down to half.
 */
export class FlowControl {
  private paused = false;

  constructor(
    private readonly outbox: Outbox<OutEvent>,
    private readonly limits: FlowLimits,
    private readonly client: () => ClientEndpoint | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** After an event was queued. */
  queued(): void {
    const { clientQueueEvents, clientQueueBytes } = this.limits;
    if (
      !this.paused &&
      (this.outbox.queued >= clientQueueEvents || this.outbox.queuedBytes >= clientQueueBytes)
    ) {
      this.paused = true;
      this.log(`origin is ${this.outbox.queued} events behind; reading from the client paused`);
      this.client()?.pause();
    }
  }

  /** After a batch left the queue. */
  taken(): void {
    const { clientQueueEvents, clientQueueBytes } = this.limits;
    if (
      this.paused &&
      this.outbox.queued <= clientQueueEvents / 2 &&
      this.outbox.queuedBytes <= clientQueueBytes / 2
    ) {
      this.paused = false;
      this.log('reading from the client resumed');
      this.client()?.resume();
    }
  }
}
