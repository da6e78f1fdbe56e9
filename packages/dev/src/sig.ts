import { createHmac } from 'node:crypto';

export interface SignerOptions {
  /** `iss` claim. An empty issuer turns signing off, as `sig_iss=` does in Pushpin. */
  iss: string;
  /**
   * HMAC key: text, or `base64:<b64>` for bytes (Pushpin's `sig_key` syntax).
   * An empty key still signs, with an empty key, as Pushpin does.
   */
  key: string;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** The HMAC key bytes for a Pushpin-style `sig_key` value. */
export function sigKeyBytes(key: string): Buffer {
  return key.startsWith('base64:') ? Buffer.from(key.slice(7), 'base64') : Buffer.from(key, 'utf8');
}

const HEADER = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));

/**
 * A function minting a fresh `Grip-Sig` (HS256 JWT with `exp` = now + 1 h and
 * `iss`) for every request, or `undefined` when signing is off.
 */
export function gripSigner(options: SignerOptions): (() => string) | undefined {
  if (options.iss === '') return undefined;
  const key = sigKeyBytes(options.key);
  return () => {
    const claims = base64url(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600, iss: options.iss }));
    const input = `${HEADER}.${claims}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };
}
