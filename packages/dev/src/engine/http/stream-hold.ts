import { guard } from '../guard.js';
import type { Subscriber } from '../hub.js';
import { preview } from '../log.js';
import type { PublishItem } from '../publish/item.js';
import type { Timer } from '../timers.js';
import type { HttpClient, HttpDeps } from './client.js';
import type { HoldInstruction } from './instruct.js';
import { type GripLinks, gripLastEntry } from './link.js';
import { fetchLink, tellGone } from './link-fetch.js';
import type { HeldResponse } from './long-poll.js';
import { adoptChannels } from './stream-channels.js';
import { StreamOrder } from './stream-order.js';
import { StreamWriter } from './stream-writer.js';

/** How long a gap may stay open before the next link is asked for it (Pushpin asks within about a second). */
export const GAP_RECOVERY_DELAY_MS = 1000;
/** How long an item waits for its `prev-id` when there is no link to recover from (Pushpin's `message_wait`). */
export const MESSAGE_WAIT_MS = 5000;

/**
 * A held HTTP stream (`Grip-Hold: stream`), or a paged answer that carries
 * `Grip-Link rel=next`. Published items are written in the order their
 * `prev-id`s give, per channel; a gap is recovered from the origin through the
 * next link with `Grip-Last`, or, without a link, waited out.
 */
export class StreamHold implements Subscriber {
  readonly ordersItself = true;
  private channels: string[] = [];
  private readonly order: StreamOrder;
  private readonly writer: StreamWriter;
  private gapTimer: Timer | undefined;
  private linkTimer: Timer | undefined;
  private fetching = false;
  /** Pages followed in a row (no hold, no publish written between); bounds loops of next links. */
  private follows = 0;
  private done = false;
  /** Aborts a link request in flight when the stream ends. */
  private readonly ended = new AbortController();

  constructor(
    private readonly deps: HttpDeps,
    private readonly scope: string,
    private readonly client: HttpClient,
    /** Undefined for a paged answer: the stream goes on through its next link. */
    private readonly instruction: HoldInstruction | undefined,
    private links: GripLinks,
    private readonly original: HeldResponse,
    private readonly clientHost: string | undefined,
  ) {
    this.order = new StreamOrder({
      items: deps.limits.streamHeldItems,
      bytes: deps.limits.streamHeldBytes,
    });
    this.writer = new StreamWriter(client, deps.limits.clientBacklogBytes, {
      onStuck: (waiting) => {
        this.log('warn', `the client is not reading (${waiting} bytes wait for it); dropping the stream`);
        this.shutdown();
      },
      guarded: (run) => this.guarded(run),
    });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.log({ level, scope: this.scope, message });
  }

  /** Timer work: a fault in it ends this stream only. */
  private guarded(run: () => unknown): void {
    guard(this.deps.log, this.scope, run, () => this.shutdown());
  }

  start(): void {
    const { instruction, original, client } = this;
    this.deps.open.add(this);
    client.onClose(() => this.clientLeft());
    const given = instruction?.status;
    client.startStream(
      given === undefined
        ? original.head
        : { ...original.head, status: given.code, statusText: given.reason ?? '' },
    );
    this.writer.write(original.body);
    if (instruction === undefined) {
      client.held?.('stream', []);
      this.log('info', 'paged answer; asking for the next page');
      this.guarded(() => this.recover('the next page'));
      return;
    }
    this.adopt(instruction, true);
    client.held?.('stream', this.channels);
    const stale = instruction.channels.filter((c) => {
      const last = this.deps.hub.lastId(c.name);
      return c.prevId !== undefined && last !== undefined && last !== c.prevId;
    });
    // As Pushpin: a hold behind what the channel already delivered recovers at once.
    if (stale.length > 0 && this.links.next !== undefined) {
      this.guarded(() => this.recover(`the prev-id of ${stale.map((c) => c.name).join(', ')} is behind`));
    }
  }

  /** Takes a hold's channels, positions, link and keep-alive (the first ones, or a recovery's). */
  private adopt(instruction: HoldInstruction, first: boolean): void {
    const hasNextLink = this.links.next !== undefined;
    const { names, warnings } = adoptChannels(
      this.deps.hub,
      this,
      this.order,
      this.channels,
      instruction.channels,
      {
        first,
        hasNextLink,
      },
    );
    this.channels = names;
    for (const warning of warnings) this.log('warn', warning);
    if (instruction.keepAlive !== undefined) this.writer.setKeepAlive(instruction.keepAlive);
    this.log('info', `held as a stream on ${names.join(', ')}`);
    this.armLinkTimer();
  }

  deliver(item: PublishItem): boolean {
    if (this.done || item.httpStream === undefined) return false;
    const offer = this.order.offer(item, Date.now(), this.fetching);
    if (offer.kind === 'write') this.writeItems(offer.items);
    else if (offer.kind === 'dropped') this.log('warn', `publish on ${item.channel} dropped: ${offer.why}`);
    else if (item.prevId !== undefined || this.fetching) {
      this.log('info', `publish on ${item.channel} waits for prev-id ${item.prevId ?? ''}`);
      this.armGap();
    } else {
      // The channel is held at a prev-id: Pushpin takes an item without one for a gap, and drops it.
      this.log(
        'warn',
        `publish on ${item.channel} has no prev-id; recovering instead (publish it with a prev-id)`,
      );
      this.armGap();
    }
    return true;
  }

  private writeItems(items: PublishItem[]): void {
    for (const item of items) {
      const action = item.httpStream;
      if (this.done || action === undefined) return;
      this.follows = 0;
      if (action.kind === 'close') {
        this.log('info', `publish on ${item.channel} closes the stream`);
        this.finish();
        this.client.end();
        return;
      }
      this.log('info', `stream ← publish on ${item.channel} ${preview(action.content)}`);
      this.writer.write(action.content, true);
    }
    if (items.length > 0) this.armLinkTimer();
  }

  /** Starts the wait for a gap: recovery through the next link soon, or the release of what waited too long. */
  private armGap(): void {
    if (this.gapTimer !== undefined || this.fetching || this.done || !this.order.waiting) return;
    const since = this.order.oldestSince ?? Date.now();
    const next = this.links.next !== undefined;
    const wait = since + (next ? GAP_RECOVERY_DELAY_MS : MESSAGE_WAIT_MS) - Date.now();
    this.gapTimer = setTimeout(
      () =>
        this.guarded(() => {
          this.gapTimer = undefined;
          if (!this.order.waiting) return;
          if (next) return this.recover('a gap');
          this.writeItems(this.order.release(Date.now() - MESSAGE_WAIT_MS));
          this.armGap();
        }),
      Math.max(0, wait),
    );
  }

  /** `Grip-Link … timeout=N` (120 s if absent): the link is asked for again after N s without a publish written. */
  private armLinkTimer(): void {
    clearTimeout(this.linkTimer);
    const seconds = this.links.next?.timeoutSeconds;
    if (seconds === undefined || this.done) return;
    this.linkTimer = setTimeout(() => this.guarded(() => this.recover('the link timeout')), seconds * 1000);
  }

  /** Lets every held item go, in order, when recovery cannot help. */
  private releaseAll(why: string): void {
    const items = this.order.release();
    if (items.length > 0) this.log('warn', `${why}; sending the ${items.length} held items as they are`);
    this.writeItems(items);
  }

  private async recover(why: string): Promise<void> {
    const next = this.links.next;
    if (this.done || this.fetching) return;
    if (next === undefined) return this.releaseAll('no link to recover from');
    if (this.follows >= this.deps.limits.linkFollows) {
      this.log('warn', `${this.follows} links followed without a publish in between; not following more`);
      this.links = { ...this.links, next: undefined };
      if (this.channels.length === 0) return this.end();
      return this.releaseAll('link limit reached');
    }
    this.follows++;
    this.fetching = true;
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    clearTimeout(this.linkTimer);
    // Only channels held at a prev-id have a position the origin gave; Pushpin tells no other.
    const gripLast = this.channels.flatMap(
      (name) => gripLastEntry(name, this.order.strictPosition(name), this.deps.limits.linkChars) ?? [],
    );
    this.log(
      'info',
      `asking ${next.path} for ${why}${gripLast.length > 0 ? ` (Grip-Last ${gripLast.join(', ')})` : ''}`,
    );
    const answer = await fetchLink(this.deps, next.path, gripLast, this.clientHost, this.ended.signal);
    this.fetching = false;
    if (this.done) return;
    if (answer.kind === 'failed') {
      // Pushpin retries a failed link 5 times (1 s doubling) and then ends the
      // stream; the dev proxy keeps it and lets the held items go instead.
      this.log('warn', `the link ${next.path} failed: ${answer.reason}`);
      if (this.channels.length === 0) return this.end();
      this.releaseAll('recovery failed');
    } else {
      this.writer.write(answer.body, answer.body.length > 0);
      for (const refused of answer.links.refused) this.log('warn', `Grip-Link ignored: ${refused}`);
      const gone = this.links.gone;
      if (answer.kind === 'stream') {
        // A hold ends a run of pages: only pages in a row count towards the limit.
        this.follows = 0;
        this.links = { ...answer.links, gone };
        this.adopt(answer.instruction, false);
        this.writeItems(this.order.continuing());
        const covered = this.order.clear();
        if (covered > 0) this.log('info', `${covered} held items were covered by the recovery; dropped`);
      } else if (answer.links.next !== undefined) {
        this.links = { ...answer.links, gone };
        return this.recover('the next page');
      } else if (this.channels.length === 0) {
        return this.end();
      } else {
        // Pushpin ends the stream after a last page; a held stream here goes on with its old link.
        this.releaseAll('the link answered without a hold');
      }
    }
    this.armGap();
    this.armLinkTimer();
  }

  private end(): void {
    if (this.done) return;
    this.finish();
    this.client.end();
  }

  /** The client's side closed: told by the gone link only when the client left, not when the proxy ended it. */
  private clientLeft(): void {
    if (this.done) return;
    const gone = this.links.gone;
    this.finish();
    if (gone === undefined || this.deps.closing.aborted) return;
    void tellGone(this.deps, gone, (level, message) => this.log(level, message));
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.ended.abort();
    clearTimeout(this.gapTimer);
    clearTimeout(this.linkTimer);
    this.writer.stop();
    this.order.clear();
    this.deps.open.delete(this);
    for (const channel of this.channels) this.deps.hub.unsubscribe(channel, this);
  }

  shutdown(): void {
    this.finish();
    this.client.abort();
  }
}
