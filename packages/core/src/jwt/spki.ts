import { encodeBase64Url } from './base64.js';
import { KeyFormatError, type PublicJwk } from './key-types.js';

// Just enough DER to read a public key: SubjectPublicKeyInfo (a PEM
// "PUBLIC KEY") or PKCS#1 (a PEM "RSA PUBLIC KEY"), turned into the public
// members of a JWK so that every runtime imports it the same way.

export const SEQUENCE = 0x30;
export const INTEGER = 0x02;
const BIT_STRING = 0x03;
export const OBJECT_ID = 0x06;

export const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
export const OID_P256 = '2a8648ce3d030107';
export const OID_RSA = '2a864886f70d010101';

export interface Element {
  tag: number;
  content: Uint8Array;
  rest: Uint8Array;
}

export function read(bytes: Uint8Array, tag: number): Element {
  const bad = new KeyFormatError('its DER structure is malformed');
  if (bytes.length < 2 || bytes[0] !== tag) throw bad;
  let length = bytes[1]!;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || bytes.length < 2 + count) throw bad;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset++]!;
  }
  if (offset + length > bytes.length) throw bad;
  return { tag, content: bytes.subarray(offset, offset + length), rest: bytes.subarray(offset + length) };
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function positiveInteger(element: Element): Uint8Array {
  let start = 0;
  while (start < element.content.length - 1 && element.content[start] === 0) start++;
  const value = element.content.subarray(start);
  if (value.length === 0 || (value.length === 1 && value[0] === 0) || (element.content[0]! & 0x80) !== 0) {
    throw new KeyFormatError('its RSA modulus or exponent is not a positive integer');
  }
  return value;
}

/** An RSAPublicKey (PKCS#1): SEQUENCE { n INTEGER, e INTEGER }. */
export function rsaJwkFromPkcs1(der: Uint8Array): PublicJwk {
  const outer = read(der, SEQUENCE);
  if (outer.rest.length !== 0) throw new KeyFormatError('it has bytes after the key');
  const n = read(outer.content, INTEGER);
  const e = read(n.rest, INTEGER);
  if (e.rest.length !== 0) throw new KeyFormatError('its DER structure is malformed');
  return {
    kty: 'RSA',
    n: encodeBase64Url(positiveInteger(n)),
    e: encodeBase64Url(positiveInteger(e)),
  };
}

/** A SubjectPublicKeyInfo holding a P-256 or an RSA public key. */
export function jwkFromSpki(der: Uint8Array): PublicJwk {
  const outer = read(der, SEQUENCE);
  if (outer.rest.length !== 0) throw new KeyFormatError('it has bytes after the key');
  const algorithm = read(outer.content, SEQUENCE);
  const bits = read(algorithm.rest, BIT_STRING);
  if (bits.rest.length !== 0 || bits.content[0] !== 0)
    throw new KeyFormatError('its DER structure is malformed');
  const key = bits.content.subarray(1);
  const oid = read(algorithm.content, OBJECT_ID);
  const kind = hex(oid.content);
  if (kind === OID_EC_PUBLIC_KEY) {
    const curve =
      oid.rest.length > 0 && oid.rest[0] === OBJECT_ID ? hex(read(oid.rest, OBJECT_ID).content) : '';
    if (curve !== OID_P256) throw new KeyFormatError('it is an EC key on a curve other than P-256 (ES256)');
    // Uncompressed point: 0x04, then X and Y of 32 bytes each.
    if (key.length !== 65 || key[0] !== 4)
      throw new KeyFormatError('its EC point is not an uncompressed P-256 point');
    return {
      kty: 'EC',
      crv: 'P-256',
      x: encodeBase64Url(key.subarray(1, 33)),
      y: encodeBase64Url(key.subarray(33)),
    };
  }
  if (kind === OID_RSA) return rsaJwkFromPkcs1(key);
  throw new KeyFormatError('it is neither an EC P-256 nor an RSA public key');
}
