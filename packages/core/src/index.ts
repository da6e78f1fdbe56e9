export {
  type GripConfig,
  type GripEnvSettings,
  type GripKey,
  type GripProxy,
  type GripVerifier,
  gripConfigFromEnv,
  readGripConfig,
} from './config.js';
export {
  GripConfigError,
  GripError,
  PublishError,
  type PublishFailure,
  WebSocketEventsError,
} from './errors.js';
export { handleRequest } from './handle-request.js';
export type { GripContext, GripEnv, GripHandler, GripOptions, PlatformContext } from './handler.js';
export {
  type ChannelOptions,
  type ChannelSpec,
  gripChannelHeader,
  parseGripLast,
  prefixGripChannelHeader,
} from './http/channel.js';
export { type HoldOptions, holdLongPoll, holdStream, type LongPollOptions } from './http/hold.js';
export { gripKeepAliveHeader, type HoldKeepAlive } from './http/keep-alive.js';
export { mediaType } from './http/media-type.js';
export { type PendingWork, pendingWork } from './pending-work.js';
export {
  HttpResponseFormat,
  HttpStreamFormat,
  type IFormat,
  type IFormatExport,
  type ResponseParams,
  WebSocketMessageFormat,
} from './publish/formats.js';
export { type IItem, type IItemExport, Item, type Publishable, type PublishOptions } from './publish/item.js';
export { createPublisher, type Publisher, type PublisherOptions } from './publish/publisher.js';
export { errorResponse } from './response.js';
export { type GripSignature, verifyGripSignature } from './signature.js';
export type {
  AppendedEvent,
  EventLog,
  EventLogRead,
  LoggedEvent,
  ServerSentEvent,
} from './sse/event-log.js';
export { decodeClosePayload, encodeClosePayload } from './ws/close.js';
export { WebSocketCloseFormat } from './ws/close-format.js';
export type { AcceptOptions } from './ws/context.js';
export { WebSocketContext } from './ws/context.js';
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
export { getWebSocket, isWebSocketOverHttp } from './ws/request.js';
