export type { PublishRequest } from './publish.js';
export { conformanceApp } from './router.js';
export { PRIVATE_TOKEN } from './websocket.js';
