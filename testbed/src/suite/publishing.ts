import type { PublishRequest } from '../app/index.js';

/** One item for a proxy's publish API, as JSON. */
export interface PublishItem {
  channel: string;
  formats: Record<string, Record<string, unknown>>;
  id?: string;
  'prev-id'?: string;
}

async function post(url: string, body: unknown, what: string, expected: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`${what} answered ${response.status} (expected ${expected}): ${text.trim()}`);
  }
}

/** Publishes straight to the proxy's API, without going through the library under test. */
export function publishDirect(publishUrl: string, items: PublishItem[]): Promise<void> {
  return post(publishUrl, { items }, `Publish API ${publishUrl}`, 200);
}

/** Asks the app, through the proxy, to publish from inside its runtime (`POST /publish`). */
export function publishFromRuntime(httpUrl: string, request: PublishRequest): Promise<void> {
  return post(
    `${httpUrl}/publish`,
    request,
    `The app's /publish at ${httpUrl}`,
    request.background === true ? 202 : 200,
  );
}

export function wsItem(channel: string, content: string): PublishItem {
  return { channel, formats: { 'ws-message': { content } } };
}

export function streamItem(channel: string, content: string): PublishItem {
  return { channel, formats: { 'http-stream': { content } } };
}

export function responseItem(channel: string, body: string): PublishItem {
  return { channel, formats: { 'http-response': { body } } };
}
