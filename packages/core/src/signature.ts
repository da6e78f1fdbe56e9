import { requestHeader } from './adapter/request-headers.js';
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
  return checkGripSignature(request, config);
}

/**
 * {@link verifyGripSignature}, answered at once when nothing needs verifying
 * (no key, or no token), so that the common unverified request waits for
 * nothing.
 */
export function checkGripSignature(
  request: Request,
  config: GripConfig,
): GripSignature | Promise<GripSignature> {
  const token = requestHeader(request, 'grip-sig');
  const required = config.verifiers.length > 0;
  if (token === null || token === '') {
    return required
      ? { proxied: false, signed: false, required, problem: 'missing' }
      : { proxied: false, signed: false, required };
  }
  if (!required) return { proxied: true, signed: false, required };
  // A proxy mints one token per second or so, so most requests repeat one that verified.
  const now = Date.now() / 1000;
  if (verifiedBefore(token, config.verifiers, now)) return { proxied: true, signed: true, required };
  return verifyToken(token, config, now);
}

async function verifyToken(token: string, config: GripConfig, now: number): Promise<GripSignature> {
  let signed: boolean;
  try {
    signed = await verifyJwt(token, config.verifiers, now);
  } catch {
    signed = false;
  }
  if (signed) rememberVerified(token, config.verifiers);
  const required = true;
  return signed
    ? { proxied: true, signed: true, required }
    : { proxied: false, signed: false, required, problem: 'invalid' };
}
