// Test support (imported by tests only): an event stream reader written from
// the HTML standard's rules for parsing and interpreting an event stream, so
// that tests see what a browser's EventSource would dispatch.

export interface ParsedEvent {
  /** The event type (`message` when the stream named none). */
  type: string;
  data: string;
  /** The source's last event id when this event was dispatched. */
  lastEventId: string;
}

export interface ParsedStream {
  events: ParsedEvent[];
  /** The reconnection time the stream set last, if any. */
  retry: number | undefined;
  /** The id a reconnect would send as `Last-Event-ID` ('' sends none). */
  lastEventId: string;
}

/** What a browser dispatches from `text`, a complete or partial event stream body. */
export function parseEventStream(text: string): ParsedStream {
  const events: ParsedEvent[] = [];
  let retry: number | undefined;
  let lastEventId = '';
  let data = '';
  let type = '';
  let idBuffer = '';
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  // What follows the last line break is an unfinished line: a browser waits for more.
  lines.pop();
  for (const line of lines) {
    if (line === '') {
      lastEventId = idBuffer;
      if (data === '') {
        type = '';
        continue;
      }
      events.push({ type: type === '' ? 'message' : type, data: data.slice(0, -1), lastEventId });
      data = '';
      type = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data += `${value}\n`;
    else if (field === 'id') {
      if (!value.includes('\0')) idBuffer = value;
    } else if (field === 'retry') {
      if (/^[0-9]+$/.test(value)) retry = Number.parseInt(value, 10);
    }
  }
  return { events, retry, lastEventId };
}
