// `@faas-grip/core/protocol`: the checks core's publisher and WebSocket code
// make, for code that speaks GRIP on the wire (a proxy, a test double), so
// that it accepts exactly what core sends.

export { fieldBytes, isFieldText, isToken } from './http/header-syntax.js';
export {
  checkHttpResponseFormat,
  isConnectionHeader,
  isPublishableHeaderName,
  isPublishableStatus,
} from './publish/http-response.js';
export { checkWebSocketMessageFormat } from './publish/ws-message.js';
export {
  assertSendableCloseCode,
  isSendableCloseCode,
  MAX_CLOSE_REASON_BYTES,
  MAX_CONTROL_PAYLOAD_BYTES,
} from './ws/close.js';
