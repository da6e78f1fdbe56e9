import type { DecodedWebSocketEvent } from '@faas-grip/core';
import { decodeClosePayload } from '@faas-grip/core/protocol';
import { fromUtf8, startsWith, utf8 } from '../bytes.js';
import type { EngineItem } from '../channels.js';
import { describeError } from '../guard.js';
import { preview } from '../log.js';
import type { ClientEndpoint, FrameType } from './client.js';
import type { Controls } from './controls.js';
import type { ClientKeepAlive } from './keep-alive.js';

const EMPTY = new Uint8Array();
const CONTROL_PREFIX = utf8('c:');

export interface DeliveryTarget {
  log(level: 'info' | 'warn', message: string): void;
  controls: Controls;
  clientKeepAlive: ClientKeepAlive;
  /** The origin sent DISCONNECT. */
  onDisconnect(): void;
  /** Something could not be delivered: the connection ends. */
  onFault(reason: string): void;
}

/**
 * What goes to one client: the origin's events (with the grip extension,
 * `m:` messages out and `c:` controls taken) and published `ws-message` items.
 */
export class Delivery {
  client: ClientEndpoint | undefined;
  /** The grip extension as the origin accepted it. */
  grip = false;
  prefix = 'm:';

  constructor(private readonly target: DeliveryTarget) {}

  get isOpen(): boolean {
    return this.client?.isOpen === true;
  }

  /** The origin's events, in order (they were checked to be deliverable). */
  events(events: DecodedWebSocketEvent[]): void {
    for (const event of events) {
      const content = event.content ?? EMPTY;
      switch (event.type) {
        case 'TEXT':
        case 'BINARY':
          this.fromOrigin(event.type, content);
          break;
        case 'PING':
          this.frame('ping', content);
          break;
        case 'PONG':
          this.frame('pong', content);
          break;
        case 'CLOSE': {
          const { code, reason } = decodeClosePayload(event.content);
          this.target.log(
            'info',
            `origin closes ${code ?? '(no code)'}${reason ? ` ${JSON.stringify(reason)}` : ''}`,
          );
          this.client?.close(code ?? undefined, reason);
          break;
        }
        case 'DISCONNECT':
          this.target.log('info', 'origin sent DISCONNECT; dropping the client connection');
          this.target.onDisconnect();
          return;
        case 'OPEN':
          break;
      }
    }
  }

  /** With the grip extension, `c:` is a control message and only prefixed messages go to the client. */
  private fromOrigin(type: 'TEXT' | 'BINARY', content: Uint8Array): void {
    const frame = type === 'TEXT' ? 'text' : 'binary';
    if (!this.grip) {
      this.frame(frame, content);
      return;
    }
    if (startsWith(content, CONTROL_PREFIX)) {
      this.target.controls.apply(fromUtf8(content.subarray(2)));
      return;
    }
    if (!startsWith(content, utf8(this.prefix))) {
      this.target.log(
        'warn',
        `origin ${type} without the ${JSON.stringify(this.prefix)} prefix dropped (as Pushpin drops it): ${preview(content)}`,
      );
      return;
    }
    const message = content.subarray(utf8(this.prefix).length);
    this.target.log('info', `client ← ${type} ${preview(type === 'TEXT' ? fromUtf8(message) : message)}`);
    this.frame(frame, message);
  }

  /** One frame to the client; anything sent puts off an idle keep-alive. */
  frame(type: FrameType, content: Uint8Array): void {
    if (this.client?.send(type, content)) this.target.clientKeepAlive.touched();
  }

  /** A published item; true if it was for this connection's format. */
  publish(item: EngineItem): boolean {
    const action = item.wsMessage;
    const client = this.client;
    if (action === undefined || client === undefined || !client.isOpen) return false;
    try {
      if (action.kind === 'close') {
        this.target.log(
          'info',
          `publish on ${item.channel} closes ${action.code ?? '(no code)'} ${JSON.stringify(action.reason)}`,
        );
        client.close(action.code, action.reason);
      } else {
        const shown = action.type === 'text' ? fromUtf8(action.content) : action.content;
        this.target.log(
          'info',
          `client ← publish on ${item.channel} ${action.type.toUpperCase()} ${preview(shown)}`,
        );
        this.frame(action.type, action.content);
      }
    } catch (error) {
      this.target.onFault(`a publish on ${item.channel} could not be delivered: ${describeError(error)}`);
    }
    return true;
  }
}
