// `@faas-grip/dev/engine`: the dev proxy's GRIP semantics without sockets or
// ports, on Web APIs only (it runs in Node, workerd, Deno, Bun). The dev
// proxy puts node:http and ws around it; the testing kit puts objects.

export type { Channels, EngineItem, EngineSubscriber, EngineWsAction } from './channels.js';
export { forwardedHeaders, replacedOnWebSockets } from './client-headers.js';
export type {
  ClientRequest,
  HttpClient,
  HttpDeps,
  ResponseHead,
} from './http/client.js';
export { proxyHttpRequest } from './http/exchange.js';
export {
  type HoldChannel,
  type HoldInstruction,
  type HoldKeepAlive,
  InstructError,
  parseHoldInstruction,
} from './http/instruct.js';
export { Hub, type HubOptions } from './hub.js';
export { DEFAULT_LIMITS, type ProxyLimits } from './limits.js';
export type { DevLog, LogEntry, LogLevel } from './log.js';
export {
  answerOf,
  handlerOrigin,
  type OriginAnswer,
  type OriginExchange,
  type OriginHandler,
  type OriginRequest,
  requestOf,
} from './origin.js';
export type {
  HttpResponseAction,
  HttpStreamAction,
  PublishItem,
  WsMessageAction,
} from './publish/item.js';
export { PublishFormatError, parsePublishBody } from './publish/parse.js';
export { webGripSigner } from './sign.js';
export { type ClientEndpoint, type FrameType, isSendableCloseCode, truncateUtf8 } from './ws/client.js';
export {
  type ClientEventType,
  type ClientHandshake,
  type ConnectionDeps,
  type ConnectionLimits,
  WsConnection,
} from './ws/connection.js';
export { MAX_SUBSCRIPTIONS } from './ws/controls.js';
export type { OpenVerdict } from './ws/handshake.js';
