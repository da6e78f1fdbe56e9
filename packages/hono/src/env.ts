import type { Context } from 'hono';
import { env as runtimeEnv } from 'hono/adapter';
import type { GripHonoEnv } from './variables.js';

/** Where configuration comes from: an object, or a function of the request's context. */
export type EnvSource = GripHonoEnv | ((c: Context) => GripHonoEnv);

/**
 * The configuration for one request: the given source, else Hono's view of
 * the runtime's environment (bindings on Workers, `process.env` on Node,
 * Bun and Vercel, `Deno.env` on Deno).
 */
export function envFor(c: Context, source: EnvSource | undefined): GripHonoEnv {
  if (typeof source === 'function') return source(c);
  if (source !== undefined) return source;
  return runtimeEnv<GripHonoEnv>(c) ?? {};
}
