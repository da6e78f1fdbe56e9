import type { GripEnv } from '@faas-grip/core';

interface NetlifyEnvironment {
  toObject(): Record<string, string>;
}
type WithNetlify = {
  Netlify?: { env?: Partial<NetlifyEnvironment> };
  process?: { env?: GripEnv };
};

/**
 * The site's environment variables: `Netlify.env`, the global Netlify
 * documents for Functions and Edge Functions alike, else `process.env`
 * (Node), else nothing. Read per request: Edge Functions see variable
 * changes without a new deploy.
 */
export function netlifyEnv(): GripEnv {
  const scope = globalThis as WithNetlify;
  const env = scope.Netlify?.env;
  if (typeof env?.toObject === 'function') return env.toObject();
  return scope.process?.env ?? {};
}
