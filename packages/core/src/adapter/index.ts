// `@faas-grip/core/adapter`: what a platform adapter is built from. An app
// imports its platform's package; an adapter turns the platform's request into
// a Request, calls handleRequest with the platform's env and waitUntil, and
// sends the Response back the cheapest way the platform allows.

export { gripConfigFromEnv } from '../config.js';
export { handleRequest } from '../handle-request.js';
export type { PlatformContext } from '../handler.js';
export { type PendingWork, pendingWork } from '../pending-work.js';
export { errorResponse } from '../response.js';
export { type LazyRequestInit, lazyRequest } from './lazy-request.js';
export { isPlainName, isPlainValue } from './plain-header.js';
export type { PlainHeaders } from './request-headers.js';
export { answerWithBytes, type ResponseBytes, responseBytes } from './response-bytes.js';
