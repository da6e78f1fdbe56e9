import type { ServerSentEvent } from '@faas-grip/core';

/**
 * What `durableObjectEventLog` and `EventLogDurableObject` send each other over
 * the object's `fetch`, and the checks both sides share.
 */

export const appendPath = '/append';
export const readPath = '/read';

export interface AppendMessage {
  event: ServerSentEvent;
  /**
   * How many events the object keeps. The value of the append that stores a
   * stream's first event is kept; later messages cannot change it.
   */
  maxEvents: number;
}

export interface ReadMessage {
  /** null: only the newest id. */
  afterId: string | null;
  limit: number;
}

/** The most events one read returns, whatever it asks for. */
export const maxReadLimit = 10_000;
export const defaultMaxEvents = 1000;
export const defaultReadLimit = 1000;

export function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Why `event` cannot be logged, or undefined when it can. */
export function eventProblem(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return 'an event is an object';
  const { data, event: type, retry } = event as Record<string, unknown>;
  if (typeof data !== 'string' || data.includes('\0')) return 'an event needs `data`, a string without NUL';
  if (type !== undefined && (typeof type !== 'string' || /[\r\n\0]/.test(type))) {
    return '`event` is a string without CR, LF or NUL';
  }
  if (retry !== undefined && !(typeof retry === 'number' && Number.isSafeInteger(retry) && retry >= 0)) {
    return '`retry` is a non-negative integer';
  }
  if (storedSize(data, type as string | undefined) > maxEventBytes) {
    return `an event is at most ${maxEventBytes / 1024} KiB stored (data and type; 2 bytes a character beyond U+00FF)`;
  }
  return undefined;
}

/**
 * The most bytes one stored event may take: the value limit of key-value
 * storage, applied on both backends so a stream behaves the same on either.
 */
export const maxEventBytes = 128 * 1024;
/** Room for the stored object's own structure (tags, field names, lengths, retry). */
const storedOverhead = 256;

/** Bytes a string takes in the storage's structured clone: Latin-1 one a character, otherwise UTF-16. */
function cloneBytes(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return 2 * text.length;
  return text.length;
}

/** An upper bound of the bytes the storage takes for an event. */
function storedSize(data: string, type: string | undefined): number {
  return storedOverhead + cloneBytes(data) + (type === undefined ? 0 : cloneBytes(type));
}

/** Only the fields of an event, so nothing else a caller put on the object is stored. */
export function eventFields(event: ServerSentEvent): ServerSentEvent {
  const fields: ServerSentEvent = { data: event.data };
  if (event.event !== undefined) fields.event = event.event;
  if (event.retry !== undefined) fields.retry = event.retry;
  return fields;
}
