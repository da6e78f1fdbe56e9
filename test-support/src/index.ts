// Helpers that also run inside workerd and Edge: Web APIs only.
export {
  type Claims,
  type EcSigner,
  ecSigner,
  freshClaims,
  pushpinSig,
  sharedKey,
  signHs256,
} from './grip-sig.js';
export { roomHandler } from './room.js';
export { bytesOf, eventsText, NOT_UTF8, wsInit, wsRequest } from './websocket-events.js';
