import type { ServerResponse } from 'node:http';
import { guard } from '../guard.js';
import type { Subscriber } from '../hub.js';
import { preview } from '../log.js';
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
 * A request the origin asked to hold: a stream that gets every `http-stream`
 * item, or a long-poll answered by the first `http-response` item (or by the
 * origin's own response when the timeout passes).
 */
export class HttpHold implements Subscriber {
  private timer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly state: ProxyState,
    private readonly scope: string,
    private readonly res: ServerResponse,
    private readonly instruction: HoldInstruction,
    private readonly original: HeldResponse,
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
    if (instruction.mode === 'stream') {
      this.log('info', `held as a stream on ${names}`);
      const status = instruction.status ?? { code: this.original.status, reason: this.original.statusText };
      res.writeHead(status.code, status.reason ?? '', this.original.headers.flat());
      res.flushHeaders();
      if (this.original.body.length > 0) res.write(this.original.body);
      this.armKeepAlive();
    } else {
      this.log('info', `held as a long-poll on ${names} for ${instruction.timeoutSeconds} s`);
      this.timer = setTimeout(
        () =>
          this.guarded(() => {
            this.log('info', 'long-poll timed out; answering with the origin response');
            this.respond(
              this.original.status,
              this.original.statusText,
              this.original.headers,
              this.original.body,
            );
          }),
        instruction.timeoutSeconds * 1000,
      );
    }
  }

  /** Timer work: a fault in it ends this request only. */
  private guarded(run: () => void): void {
    guard(this.state.log, this.scope, run, () => this.shutdown());
  }

  private armKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    const keepAlive = this.instruction.keepAlive;
    if (keepAlive === undefined || this.done) return;
    this.keepAliveTimer = setTimeout(
      () =>
        this.guarded(() => {
          if (this.write(keepAlive.data)) this.armKeepAlive();
        }),
      keepAlive.timeoutSeconds * 1000,
    );
  }

  /** Writes to a held stream; a client that lets too much pile up unread is dropped. */
  private write(data: Buffer): boolean {
    if (this.done) return false;
    const limit = this.state.limits.clientBacklogBytes;
    if (this.res.writableLength + data.length > limit) {
      this.log(
        'warn',
        `the client is not reading (${this.res.writableLength} bytes wait for it); dropping the stream`,
      );
      this.shutdown();
      return false;
    }
    this.res.write(data);
    return true;
  }

  private respond(status: number, reason: string | undefined, headers: string[][], body: Buffer): void {
    if (this.done) return;
    const given = this.instruction.status;
    this.res.writeHead(given?.code ?? status, (given === undefined ? reason : given.reason) ?? '', [
      ...headers.flat(),
      'Content-Length',
      String(body.length),
    ]);
    this.res.end(body);
    this.finish();
  }

  deliver(item: PublishItem): boolean {
    if (this.done) return false;
    if (this.instruction.mode === 'stream') {
      const action = item.httpStream;
      if (action === undefined) return false;
      if (action.kind === 'close') {
        this.log('info', `publish on ${item.channel} closes the stream`);
        this.res.end();
        this.finish();
      } else {
        this.log('info', `stream ← publish on ${item.channel} ${preview(action.content)}`);
        if (this.write(action.content) && this.instruction.keepAlive?.mode !== 'interval')
          this.armKeepAlive();
      }
      return true;
    }
    const response = item.httpResponse;
    if (response === undefined) return false;
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
    clearTimeout(this.keepAliveTimer);
    this.state.open.delete(this);
    for (const channel of this.instruction.channels) this.state.hub.unsubscribe(channel.name, this);
  }

  shutdown(): void {
    this.finish();
    this.res.destroy();
  }
}
