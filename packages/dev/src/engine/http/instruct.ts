import { mediaType } from '@faas-grip/core/protocol';
import { fromBase64, utf8 } from '../bytes.js';
import { MAX_TIMER_SECONDS } from '../limits.js';

/** Why an origin's GRIP instructions cannot be followed; the client gets a 502 with this message. */
export class InstructError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstructError';
  }
}

export interface HoldChannel {
  name: string;
  prevId: string | undefined;
  filters: string[];
}

export interface HoldKeepAlive {
  data: Uint8Array;
  timeoutSeconds: number;
  mode: 'idle' | 'interval';
}

export interface HoldInstruction {
  mode: 'stream' | 'response';
  channels: HoldChannel[];
  /** Long-poll hold time in seconds (Pushpin's minimum 5 and default 55 applied). */
  timeoutSeconds: number;
  /** Status for the client from `Grip-Status`, if given. */
  status: { code: number; reason: string | undefined } | undefined;
  keepAlive: HoldKeepAlive | undefined;
}

export const MIN_HOLD_TIMEOUT = 5;
export const DEFAULT_HOLD_TIMEOUT = 55;
const DEFAULT_KEEP_ALIVE_TIMEOUT = 55;

/** `a; b=c; d="e"` → the first part and its parameters. */
function parameters(part: string): { value: string; params: Map<string, string> } {
  const [head, ...rest] = part.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    const key = (eq === -1 ? param : param.slice(0, eq)).trim().toLowerCase();
    let value = eq === -1 ? '' : param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (key !== '') params.set(key, value);
  }
  return { value: (head ?? '').trim(), params };
}

export function parseGripChannels(header: string): HoldChannel[] {
  const channels: HoldChannel[] = [];
  for (const part of header.split(',')) {
    if (part.trim() === '') continue;
    const { value, params } = parameters(part);
    if (value === '')
      throw new InstructError(`Grip-Channel ${JSON.stringify(header)} has an empty channel name`);
    const filters: string[] = [];
    for (const piece of part.split(';').slice(1)) {
      const [key, filter] = piece.split('=').map((s) => s.trim());
      if (key === 'filter' && filter) filters.push(filter);
    }
    channels.push({ name: value, prevId: params.get('prev-id') || undefined, filters });
  }
  if (channels.length === 0) throw new InstructError('Grip-Channel names no channel');
  return channels;
}

function cstring(text: string): Uint8Array {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[++i];
    if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else if (next === 't') out += '\t';
    else if (next === '\\' || next === '"') out += next;
    else throw new InstructError(`Grip-Keep-Alive has an unknown escape \\${next ?? ''} in its cstring data`);
  }
  return utf8(out);
}

function positiveSeconds(value: string, what: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMER_SECONDS) {
    throw new InstructError(
      `${what} must be a positive number of seconds (at most ${MAX_TIMER_SECONDS}), got ${JSON.stringify(value)}`,
    );
  }
  return seconds;
}

export function parseGripKeepAlive(header: string): HoldKeepAlive {
  const { value, params } = parameters(header);
  const format = params.get('format') ?? 'raw';
  let data: Uint8Array | undefined;
  if (format === 'raw') data = utf8(value);
  else if (format === 'cstring') data = cstring(value);
  else if (format === 'base64') {
    data = fromBase64(value);
    if (data === undefined) throw new InstructError('Grip-Keep-Alive has base64 data that is not base64');
  } else
    throw new InstructError(`Grip-Keep-Alive format ${JSON.stringify(format)} is not raw, cstring or base64`);
  const timeout = params.get('timeout');
  const mode = params.get('mode') ?? 'idle';
  if (mode !== 'idle' && mode !== 'interval') {
    throw new InstructError(`Grip-Keep-Alive mode ${JSON.stringify(mode)} is not idle or interval`);
  }
  return {
    data,
    timeoutSeconds:
      timeout === undefined
        ? DEFAULT_KEEP_ALIVE_TIMEOUT
        : positiveSeconds(timeout, 'Grip-Keep-Alive timeout'),
    mode,
  };
}

export function parseGripStatus(header: string): { code: number; reason: string | undefined } {
  const match = /^\s*(\d{3})(?:\s+(.*))?$/.exec(header);
  const code = Number(match?.[1]);
  if (match === null || code < 200 || code > 599) {
    throw new InstructError(`Grip-Status ${JSON.stringify(header)} is not "<code> [reason]"`);
  }
  const reason = match[2]?.trim();
  // A reason phrase is visible text, spaces and tabs (RFC 9112); anything else could not go on a status line.
  if (reason !== undefined && !/^[\t\x20-\x7e\x80-\xff]*$/.test(reason)) {
    throw new InstructError(`Grip-Status ${JSON.stringify(header)} has a reason with control characters`);
  }
  return { code, reason: reason === '' ? undefined : reason };
}

/**
 * The hold an origin asked for through `Grip-*` response headers, or
 * `undefined` when the response is an ordinary one to pass on.
 */
export function parseHoldInstruction(headers: Headers): HoldInstruction | undefined {
  const type = mediaType(headers.get('content-type'));
  if (type === 'application/grip-instruct') {
    throw new InstructError(
      'application/grip-instruct bodies are not supported by the dev proxy; give the instructions as Grip-* headers',
    );
  }
  const hold = headers.get('grip-hold');
  if (hold === null) return undefined;
  const mode = hold.trim().toLowerCase();
  if (mode !== 'stream' && mode !== 'response') {
    throw new InstructError(`Grip-Hold ${JSON.stringify(hold)} is not "stream" or "response"`);
  }
  const channel = headers.get('grip-channel');
  if (channel === null) throw new InstructError('Grip-Hold needs a Grip-Channel header');
  const timeout = headers.get('grip-timeout');
  const status = headers.get('grip-status');
  const keepAlive = headers.get('grip-keep-alive');
  return {
    mode,
    channels: parseGripChannels(channel),
    timeoutSeconds:
      timeout === null
        ? DEFAULT_HOLD_TIMEOUT
        : Math.max(MIN_HOLD_TIMEOUT, positiveSeconds(timeout, 'Grip-Timeout')),
    status: status === null ? undefined : parseGripStatus(status),
    keepAlive: keepAlive === null ? undefined : parseGripKeepAlive(keepAlive),
  };
}
