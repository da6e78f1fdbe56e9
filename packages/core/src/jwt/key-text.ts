import { jsonObject } from './algorithms.js';
import { decodeKeyBase64 } from './base64.js';
import { KeyFormatError } from './key-types.js';

/**
 * A configured key sorted by its form, before either side (verifying
 * `Grip-Sig`, signing publishes) reads it as a key: PEM text, a JSON object
 * (with the bytes it was written as, for a secret that merely looks like
 * JSON), or the bytes of a shared secret.
 */
export type KeyText =
  | { form: 'pem'; text: string }
  | { form: 'json'; json: Record<string, unknown>; bytes: Uint8Array<ArrayBuffer> }
  | { form: 'secret'; bytes: Uint8Array<ArrayBuffer> };

function sorted(text: string | undefined, bytes: Uint8Array<ArrayBuffer>): KeyText {
  if (text?.trimStart().startsWith('-----BEGIN')) return { form: 'pem', text: text.trim() };
  const json = text?.trimStart().startsWith('{') ? jsonObject(text) : undefined;
  return json === undefined ? { form: 'secret', bytes } : { form: 'json', json, bytes };
}

/**
 * Sorts a key as written in configuration: `base64:` followed by any form, or
 * the text itself. Throws {@link KeyFormatError} for `base64:` that is not
 * base64; the message never quotes the key.
 */
export function readKeyText(value: string): KeyText {
  if (!value.startsWith('base64:')) return sorted(value, new TextEncoder().encode(value));
  const bytes = decodeKeyBase64(value.slice('base64:'.length));
  if (bytes === undefined) throw new KeyFormatError('the text after "base64:" is not valid base64');
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  return sorted(text, bytes);
}

/** The bytes of a shared secret, which must not be empty. */
export function sharedSecret(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  // Web Crypto refuses an empty HMAC key, and an empty secret protects nothing.
  if (bytes.length === 0) throw new KeyFormatError('the shared secret is empty');
  return bytes;
}
