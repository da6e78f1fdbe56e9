import { decodeBase64Url } from './base64.js';
import { readKeyText, sharedSecret } from './key-text.js';
import { type GripKey, KeyFormatError, type PublicJwk } from './key-types.js';
import { pemBlock } from './pem.js';
import { keyFromPkcs1, keyFromSpki } from './spki.js';

/** Fastly Fanout's published ES256 public key, with which it signs every `Grip-Sig`. */
export const FASTLY_FANOUT_KEY: GripKey = {
  alg: 'ES256',
  jwk: {
    kty: 'EC',
    crv: 'P-256',
    x: 'CKo5A1ebyFcnmVV8SE5On-8G81JyBjSvcrx4VLetWCg',
    y: '7gwJqaU6N8TP88--twjkwoB36f-pT3QsmI46nPhjO7M',
  },
};

/** A key read from a JWK: its public members, whatever its type. */
type JwkKey = Exclude<GripKey, { spki: Uint8Array }>;

function fromPublicJwk(jwk: PublicJwk): JwkKey {
  return jwk.kty === 'EC' ? { alg: 'ES256', jwk } : { alg: 'RS256', jwk };
}

function fromPem(text: string): GripKey {
  const { label, der } = pemBlock(text);
  if (label.endsWith('PRIVATE KEY')) {
    throw new KeyFormatError(
      'it is a private key; Grip-Sig is verified with the public key (BEGIN PUBLIC KEY)',
      {
        privateKey: true,
      },
    );
  }
  if (label === 'PUBLIC KEY') return keyFromSpki(der);
  if (label === 'RSA PUBLIC KEY') return keyFromPkcs1(der);
  throw new KeyFormatError('its PEM type is not PUBLIC KEY');
}

/** A base64url member of a JWK, of `bytes` bytes when given; the error names the member, not its value. */
export function jwkMember(jwk: Record<string, unknown>, name: string, bytes?: number): string {
  const value = jwk[name];
  const decoded = typeof value === 'string' ? decodeBase64Url(value) : undefined;
  if (decoded === undefined || decoded.length === 0 || (bytes !== undefined && decoded.length !== bytes)) {
    throw new KeyFormatError(`its JWK member "${name}" is missing or not valid base64url of the right size`);
  }
  return value as string;
}

/** The key a JWK holds, its public members checked; private members are ignored here. */
export function keyFromJwk(jwk: Record<string, unknown>): JwkKey {
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new KeyFormatError('its JWK "use" is not "sig"');
  const expectAlg = (alg: GripKey['alg']) => {
    if (jwk.alg !== undefined && jwk.alg !== alg) {
      throw new KeyFormatError(`its JWK "alg" does not match its key type (expected ${alg})`);
    }
  };
  switch (jwk.kty) {
    case 'oct':
      expectAlg('HS256');
      return { alg: 'HS256', secret: decodeBase64Url(jwkMember(jwk, 'k'))! };
    case 'EC':
      if (jwk.crv !== 'P-256')
        throw new KeyFormatError('it is an EC JWK on a curve other than P-256 (ES256)');
      expectAlg('ES256');
      return fromPublicJwk({
        kty: 'EC',
        crv: 'P-256',
        x: jwkMember(jwk, 'x', 32),
        y: jwkMember(jwk, 'y', 32),
      });
    case 'RSA':
      expectAlg('RS256');
      return fromPublicJwk({ kty: 'RSA', n: jwkMember(jwk, 'n'), e: jwkMember(jwk, 'e') });
    default:
      throw new KeyFormatError('its JWK "kty" is not EC, RSA or oct');
  }
}

/**
 * Reads a `Grip-Sig` key as written in configuration: `fastly` (Fastly
 * Fanout's public key), a PEM public key (SPKI, or PKCS#1 for RSA), a JWK as
 * JSON, `base64:` followed by any of these or by a binary secret, or else the
 * text itself as a shared secret (UTF-8). Throws {@link KeyFormatError}.
 */
export function parseGripKey(value: string): GripKey {
  if (value === 'fastly') return FASTLY_FANOUT_KEY;
  const key = readKeyText(value);
  if (key.form === 'pem') return fromPem(key.text);
  if (key.form === 'json') return keyFromJwk(key.json);
  return { alg: 'HS256', secret: sharedSecret(key.bytes) };
}
