import { fileURLToPath } from 'node:url';

/** Imports a package a runtime needs only when that runtime is chosen. */
export async function loadOptional<T>(name: string, runtime: string, why: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (cause) {
    throw new Error(`--runtime ${runtime} needs ${name} (${why}): install it next to @faas-grip/dev`, {
      cause,
    });
  }
}

/**
 * Source of a bundle entry that wraps the user's handler module with an
 * adapter's `handle()`. The adapter is resolved from this package, so the
 * user's folder need not depend on it.
 */
export function adapterEntry(adapter: string, module: string): string {
  const resolved = import.meta.resolve?.(adapter);
  const from = resolved?.startsWith('file:') ? fileURLToPath(resolved) : adapter;
  const missing = `${module} exports no handler: export a GripHandler as default or as "handler"`;
  return [
    `import { handle } from ${JSON.stringify(from)};`,
    `import * as mod from ${JSON.stringify(module)};`,
    'const handler = mod.default ?? mod.handler;',
    `if (typeof handler !== 'function') throw new TypeError(${JSON.stringify(missing)});`,
    'export default handle(handler);',
  ].join('\n');
}
