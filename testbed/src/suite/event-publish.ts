import type { Bed } from './bed.js';

/** An event as the app's `POST /events/<channel>` takes it. */
export interface EventInit {
  event?: string;
  data: string;
  retry?: number;
}

async function post(bed: Bed, path: string, body: unknown, what: string): Promise<Record<string, unknown>> {
  const response = await bed.http(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${what} answered ${response.status}: ${text.trim()}`);
  return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function idOf(bed: Bed, path: string, event: EventInit, what: string): Promise<string> {
  const { id } = await post(bed, path, event, what);
  if (typeof id !== 'string') throw new Error(`${what} answered no id`);
  return id;
}

/** Publishes from inside the runtime with `eventStream(...).publish`; the id the log gave the event. */
export function publishEvent(bed: Bed, channel: string, event: EventInit): Promise<string> {
  return idOf(bed, `/events/${channel}`, event, `Publishing on ${channel}`);
}

/** Logs an event that is never published, as if its publish had been lost on the way. */
export function appendEvent(bed: Bed, channel: string, event: EventInit): Promise<string> {
  return idOf(bed, `/events/${channel}/append`, event, `Appending to ${channel}`);
}

/** Publishes the close action from inside the runtime: every held stream of the channel ends. */
export async function closeEvents(bed: Bed, channel: string): Promise<void> {
  await post(bed, `/events/${channel}/close`, {}, `Closing ${channel}`);
}
