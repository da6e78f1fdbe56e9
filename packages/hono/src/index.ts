export type { EnvSource } from './env.js';
export { type GripMiddlewareOptions, grip } from './grip.js';
export { type GripHandlerOptions, gripHandler } from './grip-handler.js';
export type { GripBindings, GripHonoEnv, GripVariables } from './variables.js';
