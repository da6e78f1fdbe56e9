import {
  durableObjectEventLog,
  EventLogDurableObject,
  type EventLogNamespace,
  handle,
} from '@faas-grip/cloudflare';
import type { GripHandler } from '@faas-grip/core';
import { feedApp } from './feed.js';

interface Env {
  GRIP_URL?: string;
  GRIP_VERIFY_KEY?: string;
  GRIP_PREFIX?: string;
  /** The Durable Object namespace of the feed's history (wrangler.toml binds it). */
  FEED_LOG: EventLogNamespace;
}

// The runtime makes the history's objects from this export.
export { EventLogDurableObject };

// Made on the first request, where the binding is known; every isolate then
// shares one history through its Durable Object.
let feed: GripHandler<Env> | undefined;

// Cloudflare Workers entry: GRIP_URL and GRIP_VERIFY_KEY come from the Worker's secrets.
export default handle<Env>((request, ctx) => {
  feed ??= feedApp<Env>(durableObjectEventLog(ctx.env.FEED_LOG));
  return feed(request, ctx);
});
