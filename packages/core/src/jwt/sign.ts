import { encodeBase64Url } from './base64.js';
import type { SigningKey } from './signing-key.js';

const IMPORT: Record<SigningKey['alg'], HmacImportParams | EcKeyImportParams | RsaHashedImportParams> = {
  HS256: { name: 'HMAC', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

// ECDSA signs as raw r||s, the form JWS ES256 wants.
const SIGN: Record<SigningKey['alg'], AlgorithmIdentifier | EcdsaParams> = {
  HS256: { name: 'HMAC' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
};

/** A signing key ready for Web Crypto. */
export interface JwtSigner {
  alg: SigningKey['alg'];
  key: CryptoKey;
}

/** Imports a signing key; rejects with Web Crypto's error when this runtime refuses it. */
export async function importSigningKey(key: SigningKey): Promise<JwtSigner> {
  const params = IMPORT[key.alg];
  let cryptoKey: CryptoKey;
  if ('secret' in key) cryptoKey = await crypto.subtle.importKey('raw', key.secret, params, false, ['sign']);
  else if ('pkcs8' in key)
    cryptoKey = await crypto.subtle.importKey('pkcs8', key.pkcs8, params, false, ['sign']);
  else cryptoKey = await crypto.subtle.importKey('jwk', key.jwk, params, false, ['sign']);
  return { alg: key.alg, key: cryptoKey };
}

const text = (value: unknown): Uint8Array<ArrayBuffer> => new TextEncoder().encode(JSON.stringify(value));

/** A compact JWS of `claims`, its header naming only the algorithm. */
export async function signJwt(claims: Record<string, unknown>, signer: JwtSigner): Promise<string> {
  const input = `${encodeBase64Url(text({ alg: signer.alg }))}.${encodeBase64Url(text(claims))}`;
  const signature = await crypto.subtle.sign(SIGN[signer.alg], signer.key, new TextEncoder().encode(input));
  return `${input}.${encodeBase64Url(new Uint8Array(signature))}`;
}
