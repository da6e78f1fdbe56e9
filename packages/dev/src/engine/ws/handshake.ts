import type { DecodedWebSocketEvent } from '@faas-grip/core';
import {
  decodeWebSocketEvents,
  isConnectionHeader,
  WEBSOCKET_EVENTS_CONTENT_TYPE,
} from '@faas-grip/core/protocol';
import { utf8 } from '../bytes.js';
import { describeError } from '../guard.js';
import { namesWebSocketEvents } from '../headers.js';
import { firstHeader, joinedHeader, type OriginAnswer } from '../origin.js';
import { parseGripExtension } from './control.js';
import { undeliverable } from './events.js';
import { keepAliveIntervalSeconds } from './keep-alive.js';

/** What the origin said to the OPEN event. */
export type OpenResult =
  | {
      kind: 'accept';
      protocol: string | undefined;
      /** Extra header lines for the client's 101. */
      headers: string[];
      /** Events after OPEN in the same answer. */
      events: DecodedWebSocketEvent[];
      grip: boolean;
      prefix: string;
    }
  | { kind: 'reject'; status: number; statusText: string; headers: string[][]; body: Uint8Array }
  /** No verdict yet: OPEN is to be sent again after `seconds` (the answer's `Keep-Alive-Interval`). */
  | { kind: 'ask-again'; seconds: number };

/** The origin's final word on a handshake: accepted or refused. */
export type OpenVerdict = Exclude<OpenResult, { kind: 'ask-again' }>;

/**
 * Headers of a WebSocket-over-HTTP answer that speak to the proxy, never to
 * the client: `Grip-*`, `Set-Meta-*`, `Keep-Alive-Interval`, the extension
 * and framing headers. Pushpin removes the same before building the 101.
 */
function isForProxy(lowerName: string): boolean {
  return (
    isConnectionHeader(lowerName) ||
    lowerName.startsWith('grip-') ||
    lowerName.startsWith('set-meta-') ||
    lowerName === 'keep-alive-interval' ||
    lowerName === 'sec-websocket-extensions' ||
    lowerName === 'content-length'
  );
}

// On a 101 the WebSocket library writes these itself (`Sec-WebSocket-Protocol` from the answer).
const SET_BY_THE_101 = new Set(['content-type', 'sec-websocket-protocol', 'sec-websocket-accept', 'date']);

export function badGateway(message: string): OpenVerdict {
  return {
    kind: 'reject',
    status: 502,
    statusText: 'Bad Gateway',
    headers: [['Content-Type', 'text/plain']],
    body: utf8(`${message}\n`),
  };
}

/**
 * The origin's refusal of the handshake as the client gets it: status and
 * body as the origin chose, less the headers that were meant for the proxy
 * (and a Content-Type naming WebSocket events, which is the proxy's too).
 */
function refusal(response: OriginAnswer, body: Uint8Array): OpenResult {
  const headers: string[][] = [];
  for (const [name, value] of response.rawHeaders) {
    const lower = name.toLowerCase();
    if (isForProxy(lower) || lower === 'sec-websocket-accept') continue;
    if (lower === 'content-type' && namesWebSocketEvents(value)) continue;
    headers.push([name, value]);
  }
  return {
    kind: 'reject',
    status: response.status,
    statusText: response.statusText,
    headers,
    body,
  };
}

/**
 * Reads the origin's answer to OPEN as Pushpin does: status 200 with
 * `Content-Type` exactly `application/websocket-events` accepts (its first
 * event must be OPEN, and every event must be deliverable), or asks to be
 * asked again when it is empty and sets `Keep-Alive-Interval`; anything else
 * is passed to the client as the HTTP response it is.
 */
export function readOpenAnswer(
  response: OriginAnswer,
  body: Uint8Array,
  log: (level: 'warn' | 'error', message: string) => void,
): OpenResult {
  const type = firstHeader(response, 'content-type');
  if (response.status !== 200 || type !== WEBSOCKET_EVENTS_CONTENT_TYPE) {
    const why =
      response.status !== 200
        ? `answered ${response.status}`
        : `answered Content-Type ${JSON.stringify(type ?? '')}, not exactly ${WEBSOCKET_EVENTS_CONTENT_TYPE}`;
    log('warn', `origin refused the WebSocket (${why}); the client gets that HTTP response`);
    return refusal(response, body);
  }
  let events: DecodedWebSocketEvent[];
  try {
    events = decodeWebSocketEvents(body);
  } catch (error) {
    return invalid(describeError(error), log);
  }
  if (events.length === 0) {
    // Pushpin takes an empty answer that sets Keep-Alive-Interval as "not yet":
    // the client keeps waiting for its 101 and OPEN goes again after the interval.
    const interval = joinedHeader(response, 'keep-alive-interval');
    const seconds = interval === undefined ? undefined : keepAliveIntervalSeconds(interval);
    if (typeof seconds === 'number') return { kind: 'ask-again', seconds };
    return invalid(
      `the answer to OPEN is empty without a usable Keep-Alive-Interval (${
        seconds === undefined ? 'none given' : seconds.ignored
      }); it must start with an OPEN event, or be empty while setting Keep-Alive-Interval`,
      log,
    );
  }
  if (events[0]?.type !== 'OPEN') {
    return invalid(`the answer to OPEN must start with an OPEN event, got ${events[0]?.type}`, log);
  }
  const problem = undeliverable(events);
  if (problem !== undefined) return invalid(problem, log);
  const extension = parseGripExtension(joinedHeader(response, 'sec-websocket-extensions') ?? null);
  const extra: string[] = [];
  for (const [name, value] of response.rawHeaders) {
    const lower = name.toLowerCase();
    if (isForProxy(lower) || SET_BY_THE_101.has(lower)) continue;
    extra.push(`${name}: ${value}`);
  }
  return {
    kind: 'accept',
    protocol: joinedHeader(response, 'sec-websocket-protocol'),
    headers: extra,
    events: events.slice(1),
    grip: extension.grip,
    prefix: extension.prefix,
  };
}

function invalid(message: string, log: (level: 'warn' | 'error', message: string) => void): OpenResult {
  log('error', `origin answered OPEN badly: ${message}`);
  return badGateway(`Origin's WebSocket-over-HTTP answer is invalid: ${message}`);
}
