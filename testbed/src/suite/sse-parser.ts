/** One dispatched Server-Sent Event, as a browser's `EventSource` would hand it to a listener. */
export interface ReceivedEvent {
  /** The event type (`message` when the stream named none). */
  readonly type: string;
  readonly data: string;
  /** The stream's last event id at dispatch time (the `lastEventId` of the browser's event). */
  readonly lastEventId: string;
}

const DIGITS = /^[0-9]+$/;

/**
 * An event stream parser that follows the HTML standard's rules for
 * interpreting an event stream (§9.2.6), so the suite reads a response as a
 * browser would: lines end in CRLF, LF or CR; `:` starts a comment; one space
 * after the colon is dropped; `data` lines join with LF; an `id` holding NUL is
 * ignored; `retry` counts only if it is all digits; an event without data is
 * not dispatched but its id still becomes the last event id; an event the
 * stream ends in the middle of is discarded.
 */
export class SseParser {
  /** The last event id, kept across events as the standard says. */
  lastEventId = '';
  /** The reconnection time the stream asked for, if it did. */
  retry: number | undefined;
  /** Comment lines seen (keep-alives). */
  comments = 0;
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private afterCr = false;
  private eventType = '';
  private dataBuffer = '';
  private idBuffer = '';

  constructor(private readonly dispatch: (event: ReceivedEvent) => void) {}

  /** Feeds bytes as they arrive; events are dispatched as their blank line is read. */
  push(bytes: Uint8Array): void {
    this.take(this.decoder.decode(bytes, { stream: true }));
  }

  /** The stream ended: an unterminated line or event is dropped. */
  finish(): void {
    this.take(this.decoder.decode());
    this.pending = '';
    this.eventType = '';
    this.dataBuffer = '';
  }

  private take(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n' && this.afterCr && i === start && this.pending === '') {
        // The LF of a CRLF whose CR ended the previous line (possibly in an earlier chunk).
        this.afterCr = false;
        start = i + 1;
        continue;
      }
      this.afterCr = false;
      if (ch === '\r' || ch === '\n') {
        this.line(this.pending + text.slice(start, i));
        this.pending = '';
        this.afterCr = ch === '\r';
        start = i + 1;
      }
    }
    this.pending += text.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatchEvent();
      return;
    }
    if (line.startsWith(':')) {
      this.comments += 1;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataBuffer += `${value}\n`;
        break;
      case 'id':
        if (!value.includes('\0')) this.idBuffer = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
  }

  private dispatchEvent(): void {
    this.lastEventId = this.idBuffer;
    if (this.dataBuffer === '') {
      this.eventType = '';
      return;
    }
    const data = this.dataBuffer.endsWith('\n') ? this.dataBuffer.slice(0, -1) : this.dataBuffer;
    const type = this.eventType === '' ? 'message' : this.eventType;
    this.eventType = '';
    this.dataBuffer = '';
    this.dispatch({ type, data, lastEventId: this.lastEventId });
  }
}
