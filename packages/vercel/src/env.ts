import type { GripEnv } from '@faas-grip/core';

type WithProcess = { process?: { env?: GripEnv } };

/**
 * `process.env`, where there is one. Vercel's Edge runtime provides it, but
 * other Edge-compatible hosts (and the bare `edge-runtime` VM) may not define
 * `process` at all, and touching it there would throw.
 */
export function processEnv(): GripEnv {
  return (globalThis as WithProcess).process?.env ?? {};
}
