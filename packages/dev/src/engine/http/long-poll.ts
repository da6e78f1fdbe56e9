import { guard } from '../guard.js';
import type { Subscriber } from '../hub.js';
import type { PublishItem } from '../publish/item.js';
import type { Timer } from '../timers.js';
import type { HttpClient, HttpDeps, ResponseHead } from './client.js';
import type { HoldInstruction } from './instruct.js';

/** The origin's answer to a request it asked to hold: its head (for the client) and whole body. */
export interface HeldResponse {
  head: ResponseHead;
  body: Uint8Array;
}

/**
 * A long-poll the origin asked to hold (`Grip-Hold: response`): answered by
 * the first `http-response` item published on its channels, or by the
 * origin's own response when the timeout passes. Streams are `StreamHold`s.
 */
export class LongPollHold implements Subscriber {
  private timer: Timer | undefined;
  private done = false;

  constructor(
    private readonly deps: HttpDeps,
    private readonly scope: string,
    private readonly client: HttpClient,
    private readonly instruction: HoldInstruction,
    private readonly original: HeldResponse,
    /** Asks the origin again with these `Grip-Last` values (absent once retries ran out). */
    private readonly askAgain?: (gripLast: string[]) => void,
  ) {}

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.log({ level, scope: this.scope, message });
  }

  start(): void {
    const { instruction, client } = this;
    const names = instruction.channels.map((c) => c.name).join(', ');
    const filters = instruction.channels.flatMap((c) => c.filters);
    if (filters.length > 0)
      this.log('warn', `channel filters ${filters.join(', ')} are not applied by the dev proxy`);
    this.deps.open.add(this);
    client.onClose(() => this.finish());
    for (const channel of instruction.channels) this.deps.hub.subscribe(channel.name, this);
    this.log('info', `held as a long-poll on ${names} for ${instruction.timeoutSeconds} s`);
    client.held?.(
      'long-poll',
      instruction.channels.map((c) => c.name),
    );
    this.timer = setTimeout(
      () =>
        guard(
          this.deps.log,
          this.scope,
          () => {
            this.log('info', 'long-poll timed out; answering with the origin response');
            this.respond();
          },
          () => this.shutdown(),
        ),
      instruction.timeoutSeconds * 1000,
    );
  }

  /** The origin's own response, when nothing was published in time. */
  private respond(): void {
    if (this.done) return;
    const { head, body } = this.original;
    const given = this.instruction.status;
    this.finish();
    this.client.respond(
      given === undefined ? head : { ...head, status: given.code, statusText: given.reason ?? '' },
      body,
    );
  }

  deliver(item: PublishItem): boolean {
    if (this.done) return false;
    const response = item.httpResponse;
    if (response === undefined) return false;
    const channel = this.instruction.channels.find((c) => c.name === item.channel);
    if (
      this.askAgain !== undefined &&
      channel?.prevId !== undefined &&
      item.prevId !== undefined &&
      item.prevId !== channel.prevId
    ) {
      // As Pushpin: the poll missed something, so the origin is asked again
      // with where it is, and answers with what it missed (or holds again).
      const gripLast = this.instruction.channels.flatMap((c) =>
        c.prevId === undefined ? [] : [`${c.name}; last-id=${c.prevId}`],
      );
      this.log(
        'info',
        `publish on ${item.channel} follows ${item.prevId}, not ${channel.prevId}; asking again`,
      );
      this.finish();
      this.askAgain(gripLast);
      return true;
    }
    this.log('info', `long-poll answered by publish on ${item.channel} (${response.code})`);
    const code = response.code;
    const headers = response.headers.filter(([name]) => name.toLowerCase() !== 'content-length');
    this.finish();
    // A published response carries its own status; Grip-Status applies to the origin's response only.
    this.client.respond({ status: code, statusText: response.reason ?? '', headers }, response.body);
    return true;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.deps.open.delete(this);
    for (const channel of this.instruction.channels) this.deps.hub.unsubscribe(channel.name, this);
  }

  shutdown(): void {
    this.finish();
    this.client.abort();
  }
}
