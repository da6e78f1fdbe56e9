export { type LazyRequestInit, lazyRequest } from './lazy-request.js';
export { answerWithBytes, type ResponseBytes, responseBytes } from './response-bytes.js';
