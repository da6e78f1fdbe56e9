// `@faas-grip/core/protocol`: GRIP on the wire, for code that speaks it
// itself (a proxy, a test double, an integration of its own): the
// WebSocket-over-HTTP codec and control messages, close payloads, GRIP
// headers, Grip-Sig verification, and the checks core's publisher and
// WebSocket code make, so that such code accepts exactly what core sends.

export {
  type ChannelOptions,
  type ChannelSpec,
  gripChannelHeader,
  parseGripLast,
  prefixGripChannelHeader,
} from './http/channel.js';
export { fieldBytes, isFieldText, isToken } from './http/header-syntax.js';
export { gripKeepAliveHeader, type HoldKeepAlive } from './http/keep-alive.js';
export { mediaType } from './http/media-type.js';
export {
  checkHttpResponseFormat,
  isConnectionHeader,
  isPublishableHeaderName,
  isPublishableStatus,
} from './publish/http-response.js';
export { checkWebSocketMessageFormat } from './publish/ws-message.js';
export { type GripSignature, verifyGripSignature } from './signature.js';
export { checkServerSentEvent, encodeServerSentEvent } from './sse/encode.js';
export { isEventId, MAX_EVENT_ID_LENGTH } from './sse/event-id.js';
export type { LoggedEvent, ServerSentEvent } from './sse/event-log.js';
export {
  assertSendableCloseCode,
  decodeClosePayload,
  encodeClosePayload,
  isSendableCloseCode,
  MAX_CLOSE_REASON_BYTES,
  MAX_CONTROL_PAYLOAD_BYTES,
} from './ws/close.js';
export {
  detachControl,
  type KeepAliveControl,
  keepAliveControl,
  setMetaControl,
  subscribeControl,
  unsubscribeControl,
} from './ws/control.js';
export {
  type DecodedWebSocketEvent,
  decodeWebSocketEvents,
  encodeWebSocketEventsBody,
  WEBSOCKET_EVENTS_CONTENT_TYPE,
  type WebSocketEventInit,
  type WebSocketEventType,
} from './ws/event.js';
