import { KeyFormatError } from './key-types.js';

// Just enough DER for Web Crypto to take the older PEM forms of a key: it
// imports SubjectPublicKeyInfo and PKCS#8 itself (and checks their whole
// structure), so a key only needs its kind told apart and, for PKCS#1 and
// SEC 1, a wrapper of the form it takes.

/** The AlgorithmIdentifier of an RSA key (rsaEncryption, NULL parameters), as hex DER. */
export const RSA_ALGORITHM = '300d06092a864886f70d0101010500';
/** The AlgorithmIdentifier of an EC key on P-256 (id-ecPublicKey, prime256v1), as hex DER. */
export const P256_ALGORITHM = '301306072a8648ce3d020106082a8648ce3d030107';
/** The OID of EC keys (id-ecPublicKey), as hex DER with tag and length. */
export const EC_OID = '06072a8648ce3d0201';
/** The OID of the P-256 curve (prime256v1), as hex DER with tag and length. */
export const P256_OID = '06082a8648ce3d030107';

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text: string): number[] {
  return text.match(/../g)!.map((pair) => Number.parseInt(pair, 16));
}

/**
 * The kind of key a SubjectPublicKeyInfo or PKCS#8 holds, read from its
 * algorithm identifier near the start: Web Crypto checks the rest on import.
 * Names the curve when an EC key is on another one.
 */
export function keyKind(der: Uint8Array, what: 'public' | 'private'): 'ES256' | 'RS256' {
  const head = hex(der.subarray(0, 40));
  if (head.includes(RSA_ALGORITHM.slice(4, -4))) return 'RS256';
  if (head.includes(EC_OID)) {
    if (head.includes(P256_OID)) return 'ES256';
    throw new KeyFormatError('it is an EC key on a curve other than P-256 (ES256)');
  }
  throw new KeyFormatError(
    `it is neither an EC P-256 nor an RSA ${what} key, or its DER structure is malformed`,
  );
}

/** A DER element of `tag` around `content`. */
export function der(tag: number, ...content: ArrayLike<number>[]): number[] {
  const bytes = content.flatMap((part) => Array.from(part));
  const length: number[] = [];
  for (let rest = bytes.length; rest > 0; rest = Math.floor(rest / 256)) length.unshift(rest % 256);
  const head = bytes.length < 0x80 ? [bytes.length] : [0x80 | length.length, ...length];
  return [tag, ...head, ...bytes];
}
