import type { LoggedEvent, ServerSentEvent } from '@faas-grip/core';
import { parseStreamId } from './stream-id.js';

/** The fields an event is stored under in its stream entry. */
export function entryFields(event: ServerSentEvent): string[] {
  const fields = ['data', event.data];
  if (event.event !== undefined) fields.push('event', event.event);
  if (event.retry !== undefined) fields.push('retry', String(event.retry));
  return fields;
}

const decoder = new TextDecoder();

/** A reply value as text: clients may hand back strings or, with buffer replies, bytes. */
export function replyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  return undefined;
}

const badEventType = /[\r\n\0]/;
const retryDigits = /^\d{1,15}$/;

/**
 * One XRANGE entry (`[id, [field, value, …]]`) as an event, or undefined when
 * it is not an event this log could have written: an entry added by another
 * program, without `data`, or with a field that would break the SSE encoding.
 * Such entries are skipped on replay; they never reach a client.
 */
export function parseEntry(entry: unknown): LoggedEvent | undefined {
  if (!Array.isArray(entry) || entry.length !== 2) return undefined;
  const id = replyText(entry[0]);
  const fields: unknown = entry[1];
  if (id === undefined || parseStreamId(id) === undefined || !Array.isArray(fields)) return undefined;
  let data: string | undefined;
  let type: string | undefined;
  let retry: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = replyText(fields[i]);
    const value = replyText(fields[i + 1]);
    if (value === undefined) return undefined;
    if (name === 'data') data = value;
    else if (name === 'event') type = value;
    else if (name === 'retry') retry = value;
  }
  if (data === undefined || data.includes('\0')) return undefined;
  if (type !== undefined && badEventType.test(type)) return undefined;
  if (retry !== undefined && !retryDigits.test(retry)) return undefined;
  const event: { id: string; data: string; event?: string; retry?: number } = { id, data };
  if (type !== undefined) event.event = type;
  if (retry !== undefined) event.retry = Number(retry);
  return event;
}
