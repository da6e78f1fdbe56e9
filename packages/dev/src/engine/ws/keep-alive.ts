import { MAX_TIMER_SECONDS } from '../limits.js';
import { type Timer, unref } from '../timers.js';
import type { FrameType } from './client.js';
import type { ControlMessage } from './control.js';

/** Pushpin raises `Keep-Alive-Interval` values under 20 s to 20 s. */
export const MIN_KEEP_ALIVE_INTERVAL = 20;

/**
 * Seconds a `Keep-Alive-Interval` value asks for, raised to Pushpin's
 * minimum, or why the value cannot be used.
 */
export function keepAliveIntervalSeconds(value: string): number | { ignored: string } {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMER_SECONDS) {
    return {
      ignored: `Keep-Alive-Interval ${JSON.stringify(value)} is not a positive number of seconds (at most ${MAX_TIMER_SECONDS}); ignored`,
    };
  }
  return Math.max(MIN_KEEP_ALIVE_INTERVAL, seconds);
}

/**
 * Empty requests to the origin while a connection is quiet, every
 * `Keep-Alive-Interval` seconds (as the origin asked).
 */
export class OriginKeepAlive {
  private intervalSeconds: number | undefined;
  private timer: Timer | undefined;

  /** `fire` runs in a timer: it must not throw. */
  constructor(private readonly fire: () => void) {}

  /** Takes a `Keep-Alive-Interval` header value; returns why it was ignored, if it was. */
  setInterval(value: string): string | undefined {
    const seconds = keepAliveIntervalSeconds(value);
    if (typeof seconds !== 'number') return seconds.ignored;
    this.intervalSeconds = seconds;
    return undefined;
  }

  /** Starts the quiet period again (after each origin request). */
  arm(): void {
    clearTimeout(this.timer);
    if (this.intervalSeconds === undefined) return;
    this.timer = unref(setTimeout(this.fire, this.intervalSeconds * 1000));
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

type KeepAliveMessage = Extract<ControlMessage, { type: 'keep-alive' }>;

/**
 * The frame the origin asked to send the client (`c:` keep-alive) when the
 * connection is idle, or at a fixed interval.
 */
export class ClientKeepAlive {
  private message: KeepAliveMessage | undefined;
  private timer: Timer | undefined;

  /** `send` runs in a timer: it must not throw. */
  constructor(private readonly send: (type: FrameType, content: Uint8Array) => void) {}

  set(message: KeepAliveMessage): void {
    this.message = message.content === undefined ? undefined : message;
    this.arm();
  }

  /** Something else went to the client: an idle keep-alive waits again. */
  touched(): void {
    if (this.message?.mode === 'idle') this.arm();
  }

  stop(): void {
    this.message = undefined;
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const message = this.message;
    if (message?.content === undefined) return;
    const content = message.content;
    this.timer = unref(
      setTimeout(() => {
        this.send(message.messageType, content);
        if (message.mode === 'interval') this.arm();
      }, message.timeoutSeconds * 1000),
    );
  }
}
