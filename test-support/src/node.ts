// Helpers that need Node (a loopback server, Buffer).

export { signingKeyOf } from './grip-url-key.js';
export * from './index.js';
export { type PublishReceiver, publishReceiver } from './publish-receiver.js';
