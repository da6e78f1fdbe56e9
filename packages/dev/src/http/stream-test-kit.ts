import http from 'node:http';
import { onCleanup, until } from '../test-harness.js';

/** A client reading a held stream through the proxy with node:http, as curl would. */
export function openStream(
  url: string,
): Promise<{ body: () => string; ended: () => boolean; status: number; close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (res) => {
      let text = '';
      let ended = false;
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (ended = true));
      res.on('error', () => undefined);
      resolve({
        body: () => text,
        ended: () => ended,
        status: res.statusCode ?? 0,
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
    onCleanup(() => {
      request.destroy();
    });
  });
}

/** A publish item with `http-stream` content. */
export function item(channel: string, content: string, id?: string, prevId?: string): unknown {
  return {
    channel,
    ...(id === undefined ? {} : { id }),
    ...(prevId === undefined ? {} : { 'prev-id': prevId }),
    formats: { 'http-stream': { content } },
  };
}

/** An origin answer that holds a stream on `channel` (a `Grip-Channel` value) with an optional next link. */
export function holdAnswer(
  res: http.ServerResponse,
  channel: string,
  link: string | undefined,
  body: string,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Grip-Hold': 'stream',
    'Grip-Channel': channel,
    ...(link === undefined ? {} : { 'Grip-Link': `<${link}>; rel=next` }),
  });
  res.end(body);
}

/** Waits until the client has read exactly `expected` (fails with what it has read instead). */
export async function reads(client: { body: () => string }, expected: string, ms = 4000): Promise<void> {
  await until(() => client.body() === expected, 'the client to read it', ms).catch(() => {
    throw new Error(`the client read ${JSON.stringify(client.body())}, not ${JSON.stringify(expected)}`);
  });
}
