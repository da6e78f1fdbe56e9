import type { GripConfig } from './config.js';
import { verifyJwt } from './jwt/verify.js';
import { rememberVerified, verifiedBefore } from './signature-cache.js';

export interface GripSignature {
  /** A `Grip-Sig` was present (and valid, when verification is configured). */
  proxied: boolean;
  /** The `Grip-Sig` verified against a configured key. */
  signed: boolean;
  /** A verification key is configured, so unsigned requests are refused by default. */
  required: boolean;
  /** Why the request does not count as signed, when verification is required. */
  problem?: 'missing' | 'invalid';
}

/**
 * Checks the `Grip-Sig` header (signature, algorithm, `exp`, `nbf`, issuer)
 * against the configured keys. Any one configured verifier suffices, and each
 * is tried. A malformed or hostile token is `invalid`; this never throws.
 */
export async function verifyGripSignature(request: Request, config: GripConfig): Promise<GripSignature> {
  const token = request.headers.get('grip-sig');
  const required = config.verifiers.length > 0;
  if (token === null || token === '') {
    return required
      ? { proxied: false, signed: false, required, problem: 'missing' }
      : { proxied: false, signed: false, required };
  }
  if (!required) return { proxied: true, signed: false, required };
  // A proxy mints one token per second or so, so most requests repeat one that verified.
  const now = Date.now() / 1000;
  let signed = verifiedBefore(token, config.verifiers, now);
  if (!signed) {
    try {
      signed = await verifyJwt(token, config.verifiers, now);
    } catch {
      signed = false;
    }
    if (signed) rememberVerified(token, config.verifiers);
  }
  return signed
    ? { proxied: true, signed: true, required }
    : { proxied: false, signed: false, required, problem: 'invalid' };
}
