import { validateSig } from '@fanoutio/grip';
import { decodeJwt } from 'jose';
import type { GripConfig } from './config.js';

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

function hasExpiry(token: string): boolean {
  try {
    return typeof decodeJwt(token).exp === 'number';
  } catch {
    return false;
  }
}

/**
 * Checks the `Grip-Sig` header (signature, expiry, issuer) against the
 * configured keys. Any one configured proxy's key suffices.
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
  // Proxies always set exp; a token without one would be valid forever if leaked.
  if (!hasExpiry(token)) return { proxied: false, signed: false, required, problem: 'invalid' };
  for (const verifier of config.verifiers) {
    if (await validateSig(token, verifier.key, verifier.iss))
      return { proxied: true, signed: true, required };
  }
  return { proxied: false, signed: false, required, problem: 'invalid' };
}
