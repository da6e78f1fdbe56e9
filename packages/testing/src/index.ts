export { TestTimeoutError } from './deadline.js';
export type { HttpOutcome } from './http.js';
export {
  type ConnectOptions,
  createTestProxy,
  HandshakeRefusedError,
  type TestProxy,
  type TestProxyOptions,
} from './proxy.js';
export type {
  PublishedHttpResponse,
  PublishedHttpStream,
  PublishedItem,
  PublishedWsMessage,
} from './published.js';
export type { SigningKey } from './signing.js';
export type { TestStream } from './stream.js';
export type { FetchTarget, TestExecutionContext, TestTarget } from './target.js';
export type { CloseInfo, ReceivedFrame, TestWebSocket, WaitOptions } from './test-websocket.js';
