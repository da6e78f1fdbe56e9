import { GripConfigError, type GripEnv } from '@faas-grip/core';
import type { DenoNamespace } from './deno-namespace.js';

/** The settings core reads on every request; see `GripEnvSettings`. */
const GRIP_SETTINGS: ReadonlySet<string> = new Set([
  'GRIP_URL',
  'GRIP_VERIFY_KEY',
  'GRIP_VERIFY_ISS',
  'GRIP_PREFIX',
  'GRIP_META_KEY',
]);

/**
 * `Deno.env` as a read-only record, for `ctx.env`. Deno grants environment
 * access per variable (`--allow-env=NAME,...`), and asking for a variable it
 * was not granted would prompt on a terminal or throw. So each name's
 * permission is queried first, without prompting:
 * - a variable of the handler's own that may not be read is `undefined`,
 *   as if unset;
 * - a GRIP setting that may not be read throws a `GripConfigError` naming the
 *   flag to add, so every request answers 500 and the log says why, rather
 *   than the function running without its proxy or verification key.
 */
export function denoEnv(deno: DenoNamespace): GripEnv {
  const readable = new Set<string>();
  const mayRead = (name: string): boolean => {
    if (readable.has(name)) return true;
    let state: string;
    try {
      state = deno.permissions.querySync({ name: 'env', variable: name }).state;
    } catch {
      // A name Deno rejects (empty, or with '=') cannot be set either.
      return false;
    }
    if (state !== 'granted') return false;
    readable.add(name);
    return true;
  };
  const read = (name: string): string | undefined => {
    if (mayRead(name)) return deno.env.get(name);
    if (GRIP_SETTINGS.has(name)) {
      throw new GripConfigError(
        `Deno may not read ${name}: run it with --allow-env=GRIP_* (or name ${name} in --allow-env)`,
      );
    }
    return undefined;
  };
  const every = (): string[] =>
    deno.permissions.querySync({ name: 'env' }).state === 'granted' ? Object.keys(deno.env.toObject()) : [];
  return new Proxy({} as GripEnv, {
    get: (_target, name) => (typeof name === 'string' ? read(name) : undefined),
    has: (_target, name) => typeof name === 'string' && read(name) !== undefined,
    ownKeys: () => every(),
    getOwnPropertyDescriptor: (_target, name) => {
      if (typeof name !== 'string') return undefined;
      const value = read(name);
      return value === undefined
        ? undefined
        : { value, writable: false, enumerable: true, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
