export { type DevLog, type LogEntry, type LogLevel, warningsToStderr } from './log.js';
export { type DevProxy, type DevProxyOptions, startDevProxy } from './proxy.js';
export { gripSigner, type SignerOptions } from './sig.js';
