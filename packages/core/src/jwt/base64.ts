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

/**
 * The base64 of a `base64:` key, read as leniently as Pushpin's own clients
 * read it: a space is the `+` a URL query turns into one, and base64url is
 * taken too. Anything else that is not base64 still gives undefined.
 */
export function decodeKeyBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  return decodeBase64(text.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/'));
}

// Bytes go to String.fromCharCode in slices: one argument per byte, and an
// argument list has a length limit.
const SLICE = 0x2000;

/** Standard base64 with padding, as the publish formats' `-bin` fields carry it. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  }
  return btoa(binary);
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
