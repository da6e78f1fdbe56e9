// Strict decoders: anything that is not exactly base64 (or base64url) gives
// undefined rather than the lenient best effort of atob, so a malformed token
// or key is refused instead of being read as something else.

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromUnpadded(standard: string): Uint8Array<ArrayBuffer> | undefined {
  // A single character left over encodes fewer than 8 bits: not base64.
  if (standard.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** base64url without padding, as JWS and JWK use it. */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text)) return undefined;
  return fromUnpadded(text.replace(/-/g, '+').replace(/_/g, '/'));
}

/** Standard base64; padding optional, ASCII whitespace (PEM line breaks) ignored. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  const compact = text.replace(/[\t\n\f\r ]+/g, '');
  if (!BASE64.test(compact)) return undefined;
  const unpadded = compact.replace(/=+$/, '');
  if (unpadded.length !== compact.length && compact.length % 4 !== 0) return undefined;
  return fromUnpadded(unpadded);
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
