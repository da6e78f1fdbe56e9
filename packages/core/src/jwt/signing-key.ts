import { der, fromHex, hex, keyKind, P256_ALGORITHM, P256_OID, RSA_ALGORITHM } from './der.js';
import { readKeyText, sharedSecret } from './key-text.js';
import { KeyFormatError } from './key-types.js';
import { jwkMember, keyFromJwk } from './parse-key.js';
import { pemBlock } from './pem.js';

/**
 * A key that signs the JWT a publish is authorized with. As for verifying,
 * the key decides the algorithm: a shared secret signs HS256 (Pushpin), a
 * P-256 private key ES256, an RSA private key RS256.
 */
export type SigningKey =
  | { readonly alg: 'HS256'; readonly secret: Uint8Array<ArrayBuffer> }
  | { readonly alg: 'ES256' | 'RS256'; readonly pkcs8: Uint8Array<ArrayBuffer> }
  | { readonly alg: 'ES256' | 'RS256'; readonly jwk: JsonWebKey };

/** A PKCS#8 PrivateKeyInfo (version 0) around a key of an older, algorithm-specific form. */
function wrapPkcs8(algorithm: string, key: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(der(0x30, [2, 1, 0], fromHex(algorithm), der(0x04, key)));
}

/** An ECPrivateKey (SEC 1, a PEM "EC PRIVATE KEY") on P-256, as PKCS#8. */
function fromSec1(key: Uint8Array): Uint8Array<ArrayBuffer> {
  // Version 1 and a scalar of 32 bytes, then the curve when the key names it.
  const head = hex(key.subarray(0, 51));
  const curve = head.slice(78, 80) === 'a0' ? head.slice(82, 102) : P256_OID;
  if (!/^30[0-7].0201010420/.test(head) || curve !== P256_OID) {
    throw new KeyFormatError('it is an EC key on a curve other than P-256 (ES256)');
  }
  return wrapPkcs8(P256_ALGORITHM, key);
}

function fromPem(text: string): SigningKey {
  const { label, der: bytes } = pemBlock(text);
  if (label.endsWith('PUBLIC KEY')) {
    throw new KeyFormatError('it is a public key; publishes are signed with the private key');
  }
  switch (label) {
    case 'PRIVATE KEY':
      return { alg: keyKind(bytes, 'private'), pkcs8: bytes };
    case 'EC PRIVATE KEY':
      return { alg: 'ES256', pkcs8: fromSec1(bytes) };
    case 'RSA PRIVATE KEY':
      return { alg: 'RS256', pkcs8: wrapPkcs8(RSA_ALGORITHM, bytes) };
    default:
      throw new KeyFormatError('its PEM type is not PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY');
  }
}

const RSA_PRIVATE_MEMBERS = ['p', 'q', 'dp', 'dq', 'qi'] as const;

function fromJwk(jwk: Record<string, unknown>): SigningKey {
  if ((jwk.kty === 'EC' || jwk.kty === 'RSA') && jwk.d === undefined) {
    throw new KeyFormatError('it is a public JWK; publishes are signed with the private key (with "d")');
  }
  // Type, curve, `use`, `alg` and the public members are checked as for verifying.
  const key = keyFromJwk(jwk);
  if (key.alg === 'HS256') return { alg: 'HS256', secret: new Uint8Array(key.secret) };
  const d = jwkMember(jwk, 'd', key.alg === 'ES256' ? 32 : undefined);
  const members: JsonWebKey = { ...key.jwk, d };
  if (key.alg === 'RS256') {
    for (const name of RSA_PRIVATE_MEMBERS) if (jwk[name] !== undefined) members[name] = jwkMember(jwk, name);
  }
  return { alg: key.alg, jwk: members };
}

/**
 * Reads a publish key as `GRIP_URL`'s `key` gives it: a PEM private key
 * (PKCS#8, SEC 1 or PKCS#1), a private JWK as JSON, `base64:` followed by any
 * of these or by a binary secret, or else the text itself as a shared secret
 * (UTF-8), the text read as the verifying side reads it. Throws
 * {@link KeyFormatError}, whose message never quotes the key.
 */
export function parseSigningKey(value: string): SigningKey {
  const key = readKeyText(value);
  // Environment variables often carry a PEM's line breaks as literal "\n".
  if (key.form === 'pem') return fromPem(key.text.replace(/\\n/g, '\n'));
  // JSON that is not a JWK is a secret that happens to look like JSON.
  if (key.form === 'json' && key.json.kty !== undefined) return fromJwk(key.json);
  return { alg: 'HS256', secret: sharedSecret(key.bytes) };
}
