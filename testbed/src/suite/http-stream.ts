import { setTimeout as sleep } from 'node:timers/promises';
import { withTimeout } from '../wait.js';
import { PROBE_PREFIX, type ProbeTarget } from './probe.js';

const DEFAULT_WAIT_MS = 5000;

/**
 * A held HTTP response read line by line as it arrives. Probe lines are set
 * aside; every other line is kept in order.
 */
export class StreamReader implements ProbeTarget {
  readonly probes = new Set<string>();
  readonly lines: string[] = [];
  private partial = '';
  private ended = false;
  private failure: unknown;
  private readonly done: Promise<void>;
  private readonly abort = new AbortController();

  private constructor(
    readonly url: string,
    readonly response: Response,
  ) {
    this.done = this.pump();
  }

  /** Requests `url` and waits for the response head (the hold has started). */
  static async open(url: string): Promise<StreamReader> {
    const controller = new AbortController();
    const response = await withTimeout(
      fetch(url, { signal: controller.signal }),
      DEFAULT_WAIT_MS,
      `the response head of ${url}`,
    ).catch((error: unknown) => {
      controller.abort();
      throw error;
    });
    const reader = new StreamReader(url, response);
    reader.abort.signal.addEventListener('abort', () => controller.abort());
    return reader;
  }

  private async pump(): Promise<void> {
    const body = this.response.body;
    if (body === null) {
      this.ended = true;
      return;
    }
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.take(decoder.decode(value, { stream: true }));
      }
      this.take(decoder.decode());
    } catch (error) {
      if (!this.abort.signal.aborted) this.failure = error;
    } finally {
      this.ended = true;
    }
  }

  private take(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.startsWith(PROBE_PREFIX)) this.probes.add(line);
      else this.lines.push(line);
    }
  }

  /** Waits until a line satisfies `match`. */
  async until(match: (line: string) => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      if (this.ended) {
        throw new Error(
          `${this.url} ended before ${what}; lines: ${JSON.stringify(this.lines)}${this.failure ? `; error: ${String(this.failure)}` : ''}`,
        );
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what} on ${this.url}; lines so far: ${JSON.stringify(this.lines)}`,
        );
      }
      await sleep(5);
    }
  }

  /** Waits for the server to end the response; the unterminated tail, if any, becomes a last line. */
  async end(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await withTimeout(this.done, timeoutMs, `${this.url} to end`);
    if (this.failure !== undefined) throw new Error(`${this.url} failed: ${String(this.failure)}`);
    if (this.partial !== '') {
      this.lines.push(this.partial);
      this.partial = '';
    }
  }

  cancel(): void {
    this.abort.abort();
  }
}
