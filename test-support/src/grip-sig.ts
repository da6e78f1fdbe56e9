// Grip-Sig tokens as a proxy mints them (Pushpin: HS256, Fastly Fanout: ES256),
// made with Web Crypto so the same helper runs in Node and in workerd.
const encoder = new TextEncoder();

// Copied into a fresh ArrayBuffer: workers-types types encode() as backed by
// any ArrayBufferLike, which the DOM typing of Web Crypto does not accept.
function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encoder.encode(text));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface Claims {
  iss?: string;
  exp?: number;
}

/** Claims valid for `seconds` (an hour by default), as Pushpin sends them. */
export function freshClaims(iss: string, seconds = 3600): Claims {
  return { iss, exp: Math.floor(Date.now() / 1000) + seconds };
}

async function token(
  alg: string,
  claims: Claims,
  sign: (input: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>,
) {
  const head = base64url(utf8(JSON.stringify({ typ: 'JWT', alg })));
  const body = base64url(utf8(JSON.stringify(claims)));
  const signature = await sign(utf8(`${head}.${body}`));
  return `${head}.${body}.${base64url(new Uint8Array(signature))}`;
}

/** An HS256 token; a string secret is taken as its UTF-8 bytes, as Pushpin's `sig_key` is. */
export async function signHs256(claims: Claims, secret: Uint8Array | string): Promise<string> {
  const raw = typeof secret === 'string' ? utf8(secret) : new Uint8Array(secret);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return token('HS256', claims, (input) => crypto.subtle.sign('HMAC', key, input));
}

/** The Grip-Sig Pushpin sends with `sig_iss=<iss>` and `sig_key=<key>`. */
export function pushpinSig(iss: string, key: Uint8Array | string): Promise<string> {
  return signHs256(freshClaims(iss), key);
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
export function sharedKey(): { bytes: Uint8Array<ArrayBuffer>; setting: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return { bytes, setting: `base64:${base64(bytes)}` };
}
