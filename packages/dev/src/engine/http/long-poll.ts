import type { ServerResponse } from 'node:http';
import { guard } from '../guard.js';
import type { Subscriber } from '../hub.js';
import type { PublishItem } from '../publish/item.js';
import type { ProxyState } from '../state.js';
import type { HoldInstruction } from './instruct.js';

export interface HeldResponse {
  status: number;
  statusText: string | undefined;
  headers: string[][];
  body: Buffer;
}

/**
 * A long-poll the origin asked to hold (`Grip-Hold: response`): answered by
 * the first `http-response` item published on its channels, or by the
 * origin's own response when the timeout passes. Streams are `StreamHold`s.
 */
export class HttpHold implements Subscriber {
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly state: ProxyState,
    private readonly scope: string,
    private readonly res: ServerResponse,
    private readonly instruction: HoldInstruction,
    private readonly original: HeldResponse,
    /** Asks the origin again with these `Grip-Last` values (absent once retries ran out). */
    private readonly askAgain?: (gripLast: string[]) => void,
  ) {}

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.state.log({ level, scope: this.scope, message });
  }

  start(): void {
    const { instruction, res } = this;
    const names = instruction.channels.map((c) => c.name).join(', ');
    const filters = instruction.channels.flatMap((c) => c.filters);
    if (filters.length > 0)
      this.log('warn', `channel filters ${filters.join(', ')} are not applied by the dev proxy`);
    this.state.open.add(this);
    res.on('close', () => this.finish());
    for (const channel of instruction.channels) this.state.hub.subscribe(channel.name, this);
    this.log('info', `held as a long-poll on ${names} for ${instruction.timeoutSeconds} s`);
    this.timer = setTimeout(
      () =>
        guard(
          this.state.log,
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
    const { original } = this;
    const given = this.instruction.status;
    this.res.writeHead(
      given?.code ?? original.status,
      (given === undefined ? original.statusText : given.reason) ?? '',
      [...original.headers.flat(), 'Content-Length', String(original.body.length)],
    );
    this.res.end(original.body);
    this.finish();
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
    // A published response carries its own status; Grip-Status applies to the origin's response only.
    this.res.writeHead(code, response.reason ?? '', [
      ...headers.flat(),
      'Content-Length',
      String(response.body.length),
    ]);
    this.res.end(response.body);
    this.finish();
    return true;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.state.open.delete(this);
    for (const channel of this.instruction.channels) this.state.hub.unsubscribe(channel.name, this);
  }

  shutdown(): void {
    this.finish();
    this.res.destroy();
  }
}
