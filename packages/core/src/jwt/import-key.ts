import { IMPORT_PARAMS } from './algorithms.js';
import type { GripKey } from './key-types.js';

const imported = new WeakMap<GripKey, Promise<CryptoKey>>();
const reported = new WeakSet<GripKey>();

async function importOnce(key: GripKey): Promise<CryptoKey> {
  const params = IMPORT_PARAMS[key.alg];
  if (key.alg === 'HS256')
    return crypto.subtle.importKey('raw', key.secret as BufferSource, params, false, ['verify']);
  if ('spki' in key) return crypto.subtle.importKey('spki', key.spki, params, false, ['verify']);
  return crypto.subtle.importKey('jwk', { ...key.jwk }, params, false, ['verify']);
}

function describe(key: GripKey): string {
  // Only public material may be named; a secret never is.
  if (key.alg === 'HS256') return 'an HS256 shared secret';
  if ('spki' in key) return 'an RS256 public key (PEM)';
  return key.jwk.kty === 'EC'
    ? `the ES256 key with x=${key.jwk.x}`
    : `the RS256 key with n=${key.jwk.n.slice(0, 16)}…`;
}

/**
 * The Web Crypto key for a configured key, imported once per key. The keys
 * were checked when the configuration was read, so a failure here means this
 * runtime refuses the key (a point off the curve, an RSA size it does not
 * take): it is reported once, the key verifies nothing (fail closed), and a
 * later call tries again rather than keeping the failure forever.
 */
export async function cryptoKeyFor(key: GripKey): Promise<CryptoKey | undefined> {
  let pending = imported.get(key);
  if (pending === undefined) {
    pending = importOnce(key);
    imported.set(key, pending);
  }
  try {
    return await pending;
  } catch (error) {
    if (imported.get(key) === pending) imported.delete(key);
    if (!reported.has(key)) {
      reported.add(key);
      const why = error instanceof Error ? error.name : 'an error';
      console.error(
        `[faas-grip] configuration error: Web Crypto could not import ${describe(key)} (${why}); ` +
          'Grip-Sig tokens are not verified with it',
      );
    }
    return undefined;
  }
}
