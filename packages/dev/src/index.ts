export { type DevCommand, parseDevArgs } from './cli/args.js';
export { type DevSession, runDev } from './cli/dev.js';
export { terminalLog } from './cli/format.js';
export { gripUrlFor } from './grip-url.js';
export { type DevLog, type LogEntry, type LogLevel, warningsToStderr } from './log.js';
export { type DevProxy, type DevProxyOptions, startDevProxy } from './proxy.js';
export { type PushpinOptions, startPushpin } from './pushpin/start.js';
export { type Runtime, type RuntimeOrigin, type RuntimeStartOptions, runtimes } from './runtime/index.js';
export { gripSigner, type SignerOptions } from './sig.js';
