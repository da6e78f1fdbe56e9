import { setTimeout as sleep } from 'node:timers/promises';
import { withTimeout } from '../wait.js';
import { PROBE_PREFIX, type ProbeTarget } from './probe.js';
import { type ReceivedEvent, SseParser } from './sse-parser.js';

const DEFAULT_WAIT_MS = 5000;

/** Probe events carry this type; the reader sets them aside. */
export const PROBE_EVENT = 'probe';

export interface SseOpenOptions {
  /** Sent as the `Last-Event-ID` header, as a browser does on reconnecting. */
  lastEventId?: string;
}

/**
 * One `text/event-stream` response read as it arrives, parsed as a browser
 * would. Probe events (type `probe`) are set aside; every other event is kept
 * in order. It does not reconnect: a test that wants a reconnect opens a new
 * reader with the last id, as `EventSource` would.
 */
export class SseReader implements ProbeTarget {
  readonly probes = new Set<string>();
  readonly events: ReceivedEvent[] = [];
  private readonly parser: SseParser;
  private ended = false;
  private failure: unknown;
  private readonly done: Promise<void>;

  private constructor(
    readonly url: string,
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    this.parser = new SseParser((event) => {
      if (event.type === PROBE_EVENT && event.data.startsWith(PROBE_PREFIX)) this.probes.add(event.data);
      else this.events.push(event);
    });
    this.done = this.pump();
  }

  /** Requests `url` and waits for the response head (the hold has started). */
  static async open(url: string, options: SseOpenOptions = {}): Promise<SseReader> {
    const controller = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (options.lastEventId !== undefined) headers['Last-Event-ID'] = options.lastEventId;
    const response = await withTimeout(
      fetch(url, { headers, signal: controller.signal }),
      DEFAULT_WAIT_MS,
      `the response head of ${url}`,
    ).catch((error: unknown) => {
      controller.abort();
      throw error;
    });
    return new SseReader(url, response, controller);
  }

  /** The last event id so far, as a reconnecting browser would send it. */
  get lastEventId(): string {
    return this.parser.lastEventId;
  }

  /** The reconnection time the stream set, if any. */
  get retry(): number | undefined {
    return this.parser.retry;
  }

  /** Comments (keep-alives) read so far. */
  get comments(): number {
    return this.parser.comments;
  }

  private async pump(): Promise<void> {
    const body = this.response.body;
    if (body === null) {
      this.ended = true;
      return;
    }
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.parser.push(value);
      }
      this.parser.finish();
    } catch (error) {
      if (!this.controller.signal.aborted) this.failure = error;
    } finally {
      this.ended = true;
    }
  }

  private describe(): string {
    return JSON.stringify(this.events.map((event) => `${event.type}#${event.lastEventId}: ${event.data}`));
  }

  /** Waits until at least `count` events (probes aside) have arrived. */
  async untilCount(count: number, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.events.length >= count) return [...this.events];
      if (this.ended) {
        throw new Error(
          `${this.url} ended before ${what} (${this.events.length} of ${count} events): ${this.describe()}` +
            (this.failure === undefined ? '' : `; error: ${String(this.failure)}`),
        );
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what} on ${this.url} ` +
            `(${this.events.length} of ${count} events): ${this.describe()}`,
        );
      }
      await sleep(5);
    }
  }

  /** Waits for the server to end the response. */
  async end(what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await withTimeout(this.done, timeoutMs, `${this.url} to end (${what}); events: ${this.describe()}`);
    if (this.failure !== undefined) throw new Error(`${this.url} failed: ${String(this.failure)}`);
  }

  cancel(): void {
    this.controller.abort();
  }
}
