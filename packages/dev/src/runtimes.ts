// `@faas-grip/dev/runtimes`: the platform shapes `faas-grip dev --runtime`
// runs a handler module in, for tools that start one the same way.
export { type Runtime, type RuntimeOrigin, type RuntimeStartOptions, runtimes } from './runtime/index.js';
