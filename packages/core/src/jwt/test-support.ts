// Test support (not exported by the package): keys made with Web Crypto and
// JWTs minted with any header and claims, so the same tests run in Node and
// in workerd.

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encoder.encode(text));
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function jsonPart(value: unknown): string {
  return base64url(utf8(JSON.stringify(value)));
}

export interface Signer {
  /** The `alg` this key signs with. */
  alg: 'HS256' | 'ES256' | 'RS256';
  sign(input: Uint8Array<ArrayBuffer>): Promise<Uint8Array>;
}

/** A compact JWT; `header` is merged over `{ typ: 'JWT', alg }`. */
export async function mint(
  signer: Signer,
  claims: unknown,
  header: Record<string, unknown> = {},
): Promise<string> {
  const signingInput = `${jsonPart({ typ: 'JWT', alg: signer.alg, ...header })}.${jsonPart(claims)}`;
  return `${signingInput}.${base64url(await signer.sign(utf8(signingInput)))}`;
}

export function hmacSigner(secret: Uint8Array): Signer {
  const key = crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return {
    alg: 'HS256',
    sign: async (input) => new Uint8Array(await crypto.subtle.sign('HMAC', await key, input)),
  };
}

export interface PublicKeyPair {
  signer: Signer;
  /** SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"). */
  pem: string;
  spki: Uint8Array;
  /** The public JWK as Web Crypto exports it (with `key_ops` and `ext`). */
  jwk: JsonWebKey;
}

function pem(label: string, der: Uint8Array): string {
  const lines = base64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function pair(alg: 'ES256' | 'RS256'): Promise<PublicKeyPair> {
  const params =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        };
  const keys = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer);
  const signParams = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  return {
    signer: {
      alg,
      sign: async (input) => new Uint8Array(await crypto.subtle.sign(signParams, keys.privateKey, input)),
    },
    pem: pem('PUBLIC KEY', spki),
    spki,
    jwk: (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey,
  };
}

export const ecPair = (): Promise<PublicKeyPair> => pair('ES256');
export const rsaPair = (): Promise<PublicKeyPair> => pair('RS256');

/**
 * The PKCS#1 form ("BEGIN RSA PUBLIC KEY") of a 2048-bit RSA key: its SPKI
 * is a fixed 24-byte prefix (algorithm identifier and BIT STRING header)
 * followed by the RSAPublicKey.
 */
export function rsaPkcs1Pem(spki: Uint8Array): string {
  return pem('RSA PUBLIC KEY', spki.subarray(24));
}
