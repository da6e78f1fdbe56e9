import type { GripHandler } from '@faas-grip/core';

/**
 * The handler a module exports: `default` or `handler`, a function. A module
 * exporting something else gets an error that says what was found.
 */
export function handlerFromModule(exports: Record<string, unknown>, file: string): GripHandler {
  const candidates: Array<[string, unknown]> = [
    ['default', exports.default],
    ['handler', exports.handler],
  ];
  for (const [name, value] of candidates) {
    if (typeof value === 'function') return value as GripHandler;
    if (value !== undefined) {
      throw new TypeError(`${file}: export "${name}" is a ${typeof value}, not a GripHandler function`);
    }
  }
  const names = Object.keys(exports);
  throw new TypeError(
    `${file} exports no handler: export a GripHandler as default or as "handler"${names.length > 0 ? ` (found: ${names.join(', ')})` : ''}`,
  );
}
