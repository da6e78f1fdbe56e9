import { decodeBase64 } from './base64.js';
import { readKeyText, sharedSecret } from './key-text.js';
import { KeyFormatError } from './key-types.js';
import { jwkMember, keyFromJwk } from './parse-key.js';
import { pemBlock } from './pem.js';
import { hex, INTEGER, OBJECT_ID, OID_EC_PUBLIC_KEY, OID_P256, OID_RSA, read, SEQUENCE } from './spki.js';

/**
 * A key that signs the JWT a publish is authorized with. As for verifying,
 * the key decides the algorithm: a shared secret signs HS256 (Pushpin), a
 * P-256 private key ES256, an RSA private key RS256.
 */
export type SigningKey =
  | { readonly alg: 'HS256'; readonly secret: Uint8Array<ArrayBuffer> }
  | { readonly alg: 'ES256' | 'RS256'; readonly pkcs8: Uint8Array<ArrayBuffer> }
  | { readonly alg: 'ES256' | 'RS256'; readonly jwk: JsonWebKey };

const OCTET_STRING = 0x04;
const EC_PARAMETERS = 0xa0;

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

function der(tag: number, ...parts: ArrayLike<number>[]): number[] {
  const content = parts.flatMap((part) => Array.from(part));
  return [tag, ...derLength(content.length), ...content];
}

function oid(hexText: string): number[] {
  return der(
    OBJECT_ID,
    hexText.match(/../g)!.map((pair) => Number.parseInt(pair, 16)),
  );
}

/** A PKCS#8 PrivateKeyInfo around a key of the older, algorithm-specific formats. */
function wrapPkcs8(algorithmId: number[], key: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(der(SEQUENCE, der(INTEGER, [0]), der(SEQUENCE, algorithmId), der(OCTET_STRING, key)));
}

/** The algorithm of a PKCS#8 PrivateKeyInfo: a P-256 key signs ES256, an RSA key RS256. */
function pkcs8Algorithm(key: Uint8Array): 'ES256' | 'RS256' {
  const outer = read(key, SEQUENCE);
  const algorithm = read(read(outer.content, INTEGER).rest, SEQUENCE);
  const id = read(algorithm.content, OBJECT_ID);
  if (hex(id.content) === OID_RSA) return 'RS256';
  if (hex(id.content) === OID_EC_PUBLIC_KEY) {
    if (hex(read(id.rest, OBJECT_ID).content) !== OID_P256) {
      throw new KeyFormatError('it is an EC key on a curve other than P-256 (ES256)');
    }
    return 'ES256';
  }
  throw new KeyFormatError('it is neither an EC P-256 nor an RSA private key');
}

/** An ECPrivateKey (SEC 1, a PEM "EC PRIVATE KEY") on P-256, as PKCS#8. */
function fromSec1(key: Uint8Array): Uint8Array<ArrayBuffer> {
  const outer = read(key, SEQUENCE);
  const privateKey = read(read(outer.content, INTEGER).rest, OCTET_STRING);
  const curve =
    privateKey.rest[0] === EC_PARAMETERS
      ? read(read(privateKey.rest, EC_PARAMETERS).content, OBJECT_ID)
      : undefined;
  if ((curve !== undefined && hex(curve.content) !== OID_P256) || privateKey.content.length !== 32) {
    throw new KeyFormatError('it is an EC key on a curve other than P-256 (ES256)');
  }
  return wrapPkcs8([...oid(OID_EC_PUBLIC_KEY), ...oid(OID_P256)], key);
}

function fromPem(text: string): SigningKey {
  const { label, body } = pemBlock(text);
  if (label.endsWith('PUBLIC KEY')) {
    throw new KeyFormatError('it is a public key; publishes are signed with the private key');
  }
  const bytes = decodeBase64(body);
  if (bytes === undefined) throw new KeyFormatError('its PEM body is not base64');
  switch (label) {
    case 'PRIVATE KEY':
      return { alg: pkcs8Algorithm(bytes), pkcs8: bytes };
    case 'EC PRIVATE KEY':
      return { alg: 'ES256', pkcs8: fromSec1(bytes) };
    case 'RSA PRIVATE KEY':
      return { alg: 'RS256', pkcs8: wrapPkcs8([...oid(OID_RSA), 0x05, 0x00], bytes) };
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
