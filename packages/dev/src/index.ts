// The proxy API: start the embedded GRIP proxy or a real Pushpin, point an
// origin at it, read its log. The `faas-grip dev` CLI is the package's bin,
// and the runtimes it runs handlers in are `@faas-grip/dev/runtimes`.
export { terminalLog } from './cli/format.js';
export { type DevLog, type LogEntry, type LogLevel, warningsToStderr } from './engine/log.js';
export { gripUrlFor } from './grip-url.js';
export { type DevProxy, type DevProxyOptions, startDevProxy } from './proxy.js';
export { type PushpinOptions, startPushpin } from './pushpin/start.js';
export { gripSigner, type SignerOptions } from './sig.js';
