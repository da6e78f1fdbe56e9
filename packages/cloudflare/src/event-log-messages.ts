import type { ServerSentEvent } from '@faas-grip/core';
import { checkServerSentEvent } from '@faas-grip/core/protocol';

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

/**
 * Why `event` cannot be logged, or undefined when it can: what `publish`
 * refuses (core's own check, so the log and the publisher agree), or more
 * than the storage holds. The object answers with it as a 400, so it returns
 * the reason instead of throwing.
 */
export function eventProblem(event: unknown): string | undefined {
  try {
    checkServerSentEvent(event);
  } catch (error) {
    if (error instanceof TypeError) return error.message;
    throw error;
  }
  if (storedSize(event.data, event.event) > maxEventBytes) {
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
