import {
  type EventLog,
  type EventStream,
  eventStream,
  type GripEnv,
  type GripHandler,
} from '@faas-grip/core';
import { page } from './page.js';

/** The channel (and event stream) every headline goes to. */
export const FEED_CHANNEL = 'headlines';
/** Longest headline taken, in characters. */
export const MAX_TITLE_LENGTH = 200;
// A JSON body holding one headline is far below this.
const MAX_BODY_BYTES = 4096;

/** One headline as the page receives it, in the `data` of a `headline` event. */
export interface Headline {
  title: string;
  /** When it was published, ms since the epoch. */
  at: number;
}

function text(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
  });
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is not read). */
async function boundedText(request: Request, limit: number): Promise<string | undefined> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The headline a `POST /publish` carries, or the 4xx that says what is wrong with it. */
async function headlineOf(request: Request): Promise<string | Response> {
  const body = await boundedText(request, MAX_BODY_BYTES);
  if (body === undefined) return text(`The body must be at most ${MAX_BODY_BYTES} bytes`, 413);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return text('Send JSON: {"title": "..."}', 400);
  }
  const title = (parsed as { title?: unknown } | null)?.title;
  if (typeof title !== 'string' || title.trim() === '') return text('title must be a non-empty string', 400);
  if (title.length > MAX_TITLE_LENGTH)
    return text(`title must be at most ${MAX_TITLE_LENGTH} characters`, 400);
  return title.trim();
}

/**
 * The live feed as one handler, on the event log given:
 * - `GET /`: the page, which reads the feed with `EventSource`;
 * - `GET /events`: the event stream, replaying what a reconnecting browser missed;
 * - `POST /publish` with `{"title": "..."}`: publishes a headline to every reader.
 */
export function feedApp<Env = GripEnv>(log: EventLog): GripHandler<Env> {
  const headlines: EventStream = eventStream(FEED_CHANNEL, { log });
  return async (request, ctx) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/' || pathname === '/index.html') {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return text('Use GET', 405, { Allow: 'GET, HEAD' });
      return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    if (pathname === '/events') return headlines.hold(request, ctx);
    if (pathname === '/publish') {
      if (request.method !== 'POST') return text('Use POST', 405, { Allow: 'POST' });
      const title = await headlineOf(request);
      if (title instanceof Response) return title;
      const headline: Headline = { title, at: Date.now() };
      const { id } = await headlines.publish(ctx, { event: 'headline', data: JSON.stringify(headline) });
      return new Response(JSON.stringify({ id }), {
        status: 201,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return text('Not Found', 404);
  };
}
