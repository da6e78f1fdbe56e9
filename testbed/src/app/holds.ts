import type { GripHandler } from '@faas-grip/core';

function seconds(url: URL, name: string, fallback: number): number {
  const value = Number(url.searchParams.get(name) ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `/stream/<channel>[?keepAlive=<s>]`: an HTTP stream that writes `ka\n` while idle. */
export function stream(channel: string): GripHandler {
  return (request, ctx) =>
    ctx.holdStream(channel, {
      body: 'stream open\n',
      keepAlive: { data: 'ka\n', timeout: seconds(new URL(request.url), 'keepAlive', 20) },
    });
}

/** `/poll/<channel>[?timeout=<s>]`: a long-poll answered by a publish, or by its own body on timeout. */
export function poll(channel: string): GripHandler {
  return (request, ctx) =>
    ctx.holdLongPoll(channel, {
      timeout: seconds(new URL(request.url), 'timeout', 5),
      body: 'poll timed out\n',
    });
}

// The two holds below are written as the original faas-grip README shows them:
// the handler sets the GRIP headers itself.

export function rawStream(channel: string): GripHandler {
  return () =>
    new Response('stream opened, prepare yourself!\n', {
      status: 200,
      headers: { 'Content-Type': 'text/plain', 'Grip-Hold': 'stream', 'Grip-Channel': channel },
    });
}

export function rawPoll(channel: string): GripHandler {
  return () =>
    new Response('request timed out\n', {
      status: 200,
      headers: { 'Content-Type': 'text/plain', 'Grip-Hold': 'response', 'Grip-Channel': channel },
    });
}
