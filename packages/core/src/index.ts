export {
  type GripConfig,
  type GripEnvSettings,
  type GripKey,
  type GripProxy,
  type GripVerifier,
  readGripConfig,
} from './config.js';
export {
  EventStreamError,
  GripConfigError,
  GripError,
  PublishError,
  type PublishFailure,
  WebSocketEventsError,
} from './errors.js';
export type { GripContext, GripEnv, GripHandler, GripOptions } from './handler.js';
export type { ChannelOptions, ChannelSpec } from './http/channel.js';
export { type HoldOptions, holdLongPoll, holdStream, type LongPollOptions } from './http/hold.js';
export type { HoldKeepAlive } from './http/keep-alive.js';
export {
  HttpResponseFormat,
  HttpStreamFormat,
  type IFormat,
  type IFormatExport,
  type JsonValue,
  type ResponseParams,
  WebSocketMessageFormat,
} from './publish/formats.js';
export { type IItem, type IItemExport, Item, type Publishable, type PublishOptions } from './publish/item.js';
export { createPublisher, type Publisher, type PublisherOptions } from './publish/publisher.js';
export { encodeServerSentEvent } from './sse/encode.js';
export type {
  AppendedEvent,
  EventLog,
  EventLogRead,
  LoggedEvent,
  ServerSentEvent,
} from './sse/event-log.js';
export { type EventStream, type EventStreamOptions, eventStream } from './sse/event-stream.js';
export { type MemoryEventLogOptions, memoryEventLog } from './sse/memory-log.js';
export type { PublishTarget } from './sse/publish-event.js';
export { WebSocketCloseFormat } from './ws/close-format.js';
export type { AcceptOptions, WebSocketContextInit } from './ws/context.js';
export { WebSocketContext } from './ws/context.js';
// Types that WebSocketContext's own methods take and return; the codecs and
// control builders behind them are in `@faas-grip/core/protocol`.
export type { KeepAliveControl } from './ws/control.js';
export type { DecodedWebSocketEvent, WebSocketEventType } from './ws/event.js';
export { getWebSocket, isWebSocketOverHttp } from './ws/request.js';
