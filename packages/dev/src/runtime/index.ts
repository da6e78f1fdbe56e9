import { nodeRuntime } from './node.js';
import type { Runtime } from './types.js';

/**
 * Runtimes `faas-grip dev --runtime` can run a handler in. Each one is a
 * {@link Runtime}: add an entry here to support another platform's local shape.
 */
export const runtimes: Readonly<Record<string, Runtime>> = {
  node: nodeRuntime,
};

export type { Runtime, RuntimeOrigin, RuntimeStartOptions } from './types.js';
