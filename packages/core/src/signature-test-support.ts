import { readGripConfig } from './config.js';
import {
  base64,
  base64url,
  ecPair,
  hmacSigner,
  type PublicKeyPair,
  rsaPair,
  rsaPkcs1Pem,
  type Signer,
  utf8,
} from './jwt/test-support.js';
import { verifyGripSignature } from './signature.js';

// Test support for the Grip-Sig suites (Node and workerd): keys of every kind
// and the configurations that name them.

export const now = () => Math.floor(Date.now() / 1000);
export const INVALID = { proxied: false, signed: false, required: true, problem: 'invalid' };
export const VALID = { proxied: true, signed: true, required: true };

export function request(sig: string): Request {
  return new Request('http://origin.test/', { headers: { 'Grip-Sig': sig } });
}

export async function check(env: Record<string, string>, token: string) {
  return verifyGripSignature(request(token), readGripConfig(env));
}

export interface KeyKind {
  name: string;
  env: Record<string, string>;
  signer: Signer;
  /** Which key signs: kinds with the same id hold the same key in different forms. */
  keyId: string;
  iss: string;
  /** Public material an attacker has, for alg-confusion tokens (public keys only). */
  published?: string[];
}

export interface KeyKinds {
  /** The shared secret of the HS256 kinds that hold it in binary form. */
  secret: Uint8Array;
  ec: PublicKeyPair;
  rsa: PublicKeyPair;
  /** Keys of the same types that no configuration holds. */
  otherEc: PublicKeyPair;
  otherRsa: PublicKeyPair;
  kinds: KeyKind[];
  /** One configuration holding a Pushpin key, a P-256 and an RSA key, and Fastly's, as separate GRIP_URL entries. */
  everyKindEnv: Record<string, string>;
}

/** Fresh keys, and every form in which configuration can name them. */
export async function makeKeyKinds(): Promise<KeyKinds> {
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const [ec, rsa, otherEc, otherRsa] = await Promise.all([ecPair(), rsaPair(), ecPair(), rsaPair()]);
  const ecJwk = JSON.stringify(ec.jwk);
  const rsaJwk = JSON.stringify(rsa.jwk);
  const kinds: KeyKind[] = [
    {
      name: 'Pushpin shared key in GRIP_URL (HS256)',
      env: { GRIP_URL: `http://pushpin:5561/?iss=pushpin&key=base64:${encodeURIComponent(base64(secret))}` },
      signer: hmacSigner(secret),
      keyId: 'secret',
      iss: 'pushpin',
    },
    {
      name: 'GRIP_VERIFY_KEY text secret (HS256)',
      env: { GRIP_VERIFY_KEY: 'a text secret', GRIP_VERIFY_ISS: 'edge' },
      signer: hmacSigner(utf8('a text secret')),
      keyId: 'text',
      iss: 'edge',
    },
    {
      name: 'oct JWK (HS256)',
      env: { GRIP_VERIFY_KEY: JSON.stringify({ kty: 'oct', k: base64url(secret) }), GRIP_VERIFY_ISS: 'oct' },
      signer: hmacSigner(secret),
      keyId: 'secret',
      iss: 'oct',
    },
    {
      name: 'P-256 PEM (ES256)',
      env: { GRIP_VERIFY_KEY: ec.pem.replace(/\n/g, '\\n'), GRIP_VERIFY_ISS: 'ec' },
      signer: ec.signer,
      keyId: 'ec',
      iss: 'ec',
      published: [ec.pem, ecJwk],
    },
    {
      name: 'P-256 JWK (ES256)',
      env: { GRIP_VERIFY_KEY: ecJwk, GRIP_VERIFY_ISS: 'ec-jwk' },
      signer: ec.signer,
      keyId: 'ec',
      iss: 'ec-jwk',
      published: [ec.pem, ecJwk],
    },
    {
      name: 'Fastly-style URL with verify-key (ES256)',
      env: {
        GRIP_URL: `https://api.fastly.com/service/svc?key=token&verify-iss=fastly:svc&verify-key=${encodeURIComponent(ec.pem)}`,
      },
      signer: ec.signer,
      keyId: 'ec',
      iss: 'fastly:svc',
      published: [ec.pem, ecJwk],
    },
    {
      name: 'RSA PEM (RS256)',
      env: { GRIP_VERIFY_KEY: rsa.pem, GRIP_VERIFY_ISS: 'rsa' },
      signer: rsa.signer,
      keyId: 'rsa',
      iss: 'rsa',
      published: [rsa.pem, rsaJwk],
    },
    {
      name: 'RSA PKCS#1 PEM (RS256)',
      env: { GRIP_VERIFY_KEY: `base64:${base64(utf8(rsaPkcs1Pem(rsa.spki)))}`, GRIP_VERIFY_ISS: 'rsa1' },
      signer: rsa.signer,
      keyId: 'rsa',
      iss: 'rsa1',
      published: [rsa.pem, rsaJwk],
    },
    {
      name: 'RSA JWK (RS256)',
      env: { GRIP_VERIFY_KEY: rsaJwk, GRIP_VERIFY_ISS: 'rsa-jwk' },
      signer: rsa.signer,
      keyId: 'rsa',
      iss: 'rsa-jwk',
      published: [rsa.pem, rsaJwk],
    },
  ];
  const everyKindEnv = {
    GRIP_URL: [
      `http://pushpin:5561/?iss=pushpin&key=base64:${encodeURIComponent(base64(secret))}`,
      `http://ec.test/?verify-iss=ec&verify-key=${encodeURIComponent(ec.pem)}`,
      `http://rsa.test/?verify-iss=rsa&verify-key=${encodeURIComponent(rsa.pem)}`,
      'https://api.fastly.com/service/svc?key=token&verify-iss=fastly:svc',
    ].join(' '),
  };
  return { secret, ec, rsa, otherEc, otherRsa, kinds, everyKindEnv };
}
