export { type LazyRequestInit, lazyRequest } from './lazy-request.js';
export { isPlainName, isPlainValue } from './plain-header.js';
export type { PlainHeaders } from './request-headers.js';
export { answerWithBytes, type ResponseBytes, responseBytes } from './response-bytes.js';
