import { IMPORT_PARAMS, SIGNATURE_PARAMS } from './algorithms.js';
import { encodeBase64Url } from './base64.js';
import type { SigningKey } from './signing-key.js';

/** A signing key ready for Web Crypto. */
export interface JwtSigner {
  alg: SigningKey['alg'];
  key: CryptoKey;
}

/** Imports a signing key; rejects with Web Crypto's error when this runtime refuses it. */
export async function importSigningKey(key: SigningKey): Promise<JwtSigner> {
  const params = IMPORT_PARAMS[key.alg];
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
  const signature = await crypto.subtle.sign(
    SIGNATURE_PARAMS[signer.alg],
    signer.key,
    new TextEncoder().encode(input),
  );
  return `${input}.${encodeBase64Url(new Uint8Array(signature))}`;
}
