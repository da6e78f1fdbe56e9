export { SHORT_LOG_EVENTS, SHORT_LOG_PREFIX } from './events.js';
export type { PublishRequest } from './publish.js';
export { conformanceApp } from './router.js';
export { PRIVATE_TOKEN } from './websocket.js';
