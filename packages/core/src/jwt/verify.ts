import { jsonObject, SIGNATURE_PARAMS } from './algorithms.js';
import { decodeBase64Url } from './base64.js';
import { cryptoKeyFor } from './import-key.js';
import type { GripKey } from './key-types.js';

/** A proxy's Grip-Sig is a few hundred bytes; anything far longer is refused unread. */
const MAX_TOKEN_LENGTH = 8192;

/** Clock difference tolerated between the proxy and this function, for `exp` and `nbf`. */
export const CLOCK_LEEWAY_SECONDS = 30;

const SIGNATURE_BYTES: Partial<Record<GripKey['alg'], number>> = { HS256: 32, ES256: 64 };

export interface JwtVerifier {
  key: GripKey;
  /** Required `iss` claim, when given. */
  iss?: string;
}

interface CompactJws {
  alg: string;
  signingInput: BufferSource;
  signature: Uint8Array<ArrayBuffer>;
  payload: string;
}

function parseCompact(token: string): CompactJws | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.', 4);
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const fields = jsonObject(decodeBase64Url(header));
  // No extension is understood, so a header that marks one critical is refused (RFC 7515 §4.1.11).
  if (fields === undefined || typeof fields.alg !== 'string' || fields.crit !== undefined) return undefined;
  const signatureBytes = decodeBase64Url(signature);
  if (signatureBytes === undefined) return undefined;
  return {
    alg: fields.alg,
    signingInput: new TextEncoder().encode(`${header}.${payload}`),
    signature: signatureBytes,
    payload,
  };
}

async function signatureVerifies(jws: CompactJws, key: GripKey): Promise<boolean> {
  // The key fixes the algorithm: a token naming any other (none, HS256 against
  // a public key, RS256 against a secret) is refused before any crypto runs.
  if (jws.alg !== key.alg) return false;
  const size = SIGNATURE_BYTES[key.alg];
  if (size !== undefined && jws.signature.length !== size) return false;
  const cryptoKey = await cryptoKeyFor(key);
  if (cryptoKey === undefined) return false;
  return crypto.subtle.verify(SIGNATURE_PARAMS[key.alg], cryptoKey, jws.signature, jws.signingInput);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function claimsAccepted(claims: Record<string, unknown>, iss: string | undefined, now: number): boolean {
  // exp is required: a proxy always sets it, and a token without one would be valid forever if leaked.
  if (!isTime(claims.exp) || now >= claims.exp + CLOCK_LEEWAY_SECONDS) return false;
  if (claims.nbf !== undefined && (!isTime(claims.nbf) || now + CLOCK_LEEWAY_SECONDS < claims.nbf))
    return false;
  return iss === undefined || claims.iss === iss;
}

/**
 * Whether a compact JWT verifies against any of the verifiers: signature,
 * `exp` (required), `nbf` (when present) and `iss` (when the verifier names
 * one). Every verifier is tried; nothing in the token can make this throw.
 */
export async function verifyJwt(
  token: string,
  verifiers: readonly JwtVerifier[],
  nowSeconds = Date.now() / 1000,
): Promise<boolean> {
  const jws = parseCompact(token);
  if (jws === undefined) return false;
  let claims: Record<string, unknown> | null | undefined;
  for (const verifier of verifiers) {
    try {
      if (!(await signatureVerifies(jws, verifier.key))) continue;
      // Claims are read only once a signature holds, and only once.
      if (claims === undefined) claims = jsonObject(decodeBase64Url(jws.payload)) ?? null;
      if (claims !== null && claimsAccepted(claims, verifier.iss, nowSeconds)) return true;
    } catch {
      // A verifier that fails verifies nothing; the next one may still accept.
    }
  }
  return false;
}
