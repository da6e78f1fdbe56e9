import { encodeBase64Url } from './base64.js';
import { der, fromHex, hex, keyKind, P256_ALGORITHM, RSA_ALGORITHM } from './der.js';
import { type GripKey, KeyFormatError } from './key-types.js';

// A P-256 key's SubjectPublicKeyInfo is always these bytes, then BIT STRING
// of 66 bytes (no unused bits, 0x04 for an uncompressed point) and X and Y.
const P256_SPKI_HEAD = `3059${P256_ALGORITHM}03420004`;

/**
 * The key a SubjectPublicKeyInfo (a PEM "PUBLIC KEY") holds: a P-256 key as
 * the public members of its JWK, so that it compares with the same key given
 * as a JWK; an RSA key as the SPKI itself, which Web Crypto checks on import.
 */
export function keyFromSpki(spki: Uint8Array<ArrayBuffer>): GripKey {
  if (keyKind(spki, 'public') === 'RS256') return { alg: 'RS256', spki };
  if (spki.length !== 91 || hex(spki.subarray(0, 27)) !== P256_SPKI_HEAD) {
    throw new KeyFormatError('its EC point is not an uncompressed P-256 point');
  }
  return {
    alg: 'ES256',
    jwk: {
      kty: 'EC',
      crv: 'P-256',
      x: encodeBase64Url(spki.subarray(27, 59)),
      y: encodeBase64Url(spki.subarray(59)),
    },
  };
}

/** An RSAPublicKey (PKCS#1, a PEM "RSA PUBLIC KEY") as the SubjectPublicKeyInfo Web Crypto imports. */
export function keyFromPkcs1(pkcs1: Uint8Array): GripKey {
  const spki = der(0x30, fromHex(RSA_ALGORITHM), der(0x03, [0], pkcs1));
  return { alg: 'RS256', spki: new Uint8Array(spki) };
}
