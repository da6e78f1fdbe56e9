// Grip-Sig tokens as a proxy mints them (Pushpin: HS256, Fastly Fanout: ES256),
// made with Web Crypto inside workerd.
const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export interface Claims {
  iss?: string;
  exp?: number;
}

/** Claims valid for an hour, as Pushpin sends them. */
export function freshClaims(iss: string): Claims {
  return { iss, exp: Math.floor(Date.now() / 1000) + 3600 };
}

async function token(alg: string, claims: Claims, sign: (input: Uint8Array) => Promise<ArrayBuffer>) {
  const head = base64url(encoder.encode(JSON.stringify({ typ: 'JWT', alg })));
  const body = base64url(encoder.encode(JSON.stringify(claims)));
  const signature = await sign(encoder.encode(`${head}.${body}`));
  return `${head}.${body}.${base64url(new Uint8Array(signature))}`;
}

export async function signHs256(claims: Claims, secret: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return token('HS256', claims, (input) => crypto.subtle.sign('HMAC', key, input));
}

export interface EcSigner {
  /** The public key as a PEM, the way it would be stored in GRIP_VERIFY_KEY. */
  publicPem: string;
  sign(claims: Claims): Promise<string>;
}

export async function ecSigner(): Promise<EcSigner> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer);
  const lines = base64(spki).match(/.{1,64}/g) ?? [];
  return {
    publicPem: `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`,
    sign: (claims) =>
      token('ES256', claims, (input) =>
        crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, input),
      ),
  };
}

/** The random bytes of a shared key, and how `GRIP_URL` spells it (`base64:…`). */
export function sharedKey(): { bytes: Uint8Array; setting: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return { bytes, setting: `base64:${base64(bytes)}` };
}
