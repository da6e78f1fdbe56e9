import type { Channels, EngineSubscriber } from '../channels.js';
import { preview } from '../log.js';
import { type ControlMessage, parseControlMessage } from './control.js';
import type { ClientKeepAlive } from './keep-alive.js';

/** Pushpin's `connection_subscription_max`. */
export const MAX_SUBSCRIPTIONS = 20;

export interface ControlTarget {
  hub: Channels;
  /** The connection, as the hub knows it. */
  subscriber: EngineSubscriber;
  log: (level: 'info' | 'warn', message: string) => void;
  setMeta(name: string, value: string): void;
  clientKeepAlive: ClientKeepAlive;
  detach(): void;
}

/** What one connection's `c:` control messages change: its channels, meta, keep-alive and detach. */
export class Controls {
  private readonly subscribed = new Set<string>();

  /** The channels the connection is subscribed to. */
  get channels(): ReadonlySet<string> {
    return this.subscribed;
  }

  constructor(private readonly target: ControlTarget) {}

  /** Applies the JSON after `c:`; a malformed or unknown message is logged and ignored. */
  apply(text: string): void {
    let message: ControlMessage;
    try {
      message = parseControlMessage(text);
    } catch (error) {
      this.target.log('warn', `${error instanceof Error ? error.message : String(error)}; ignored`);
      return;
    }
    const { hub, subscriber, log } = this.target;
    switch (message.type) {
      case 'subscribe':
        if (this.subscribed.has(message.channel)) return;
        if (this.subscribed.size >= MAX_SUBSCRIPTIONS) {
          log(
            'warn',
            `subscribe ${message.channel} refused: at most ${MAX_SUBSCRIPTIONS} channels per connection`,
          );
          return;
        }
        if (message.filters.length > 0) {
          log('warn', `subscribe filters ${message.filters.join(', ')} are not applied by the dev proxy`);
        }
        this.subscribed.add(message.channel);
        hub.subscribe(message.channel, subscriber);
        log('info', `subscribed ${message.channel}`);
        return;
      case 'unsubscribe':
        this.subscribed.delete(message.channel);
        hub.unsubscribe(message.channel, subscriber);
        log('info', `unsubscribed ${message.channel}`);
        return;
      case 'detach':
        this.target.detach();
        log('info', 'detached: client messages no longer go to the origin');
        return;
      case 'set-meta':
        this.target.setMeta(message.name, message.value);
        return;
      case 'keep-alive':
        log(
          'info',
          message.content === undefined
            ? 'keep-alive off'
            : `keep-alive ${preview(message.content)} every ${message.timeoutSeconds} s (${message.mode})`,
        );
        this.target.clientKeepAlive.set(message);
        return;
      case 'unsupported':
        log('warn', `control message "${message.name}" is not supported by the dev proxy; ignored`);
        return;
    }
  }

  /** Leaves every channel (the connection is over). */
  clear(): void {
    for (const channel of this.subscribed) this.target.hub.unsubscribe(channel, this.target.subscriber);
    this.subscribed.clear();
  }
}
