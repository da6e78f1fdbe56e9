import { webcrypto } from 'node:crypto';

/** The HS256 key and issuer in a `GRIP_URL` of the form `…?iss=<iss>&key=base64:<key>`. */
export function signingKeyOf(env: Record<string, string>): { key: Uint8Array; iss: string } {
  const url = env.GRIP_URL ?? '';
  // Read the raw query: a base64 key may hold '+', which form decoding turns into a space.
  const key = /[?&]key=base64:([^&]+)/.exec(url)?.[1];
  const iss = /[?&]iss=([^&]+)/.exec(url)?.[1];
  if (key === undefined || iss === undefined) {
    throw new Error(`GRIP_URL ${JSON.stringify(url)} names no iss and base64 key to sign a Grip-Sig with`);
  }
  return { key: Buffer.from(decodeURIComponent(key), 'base64'), iss: decodeURIComponent(iss) };
}

function base64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString('base64url');
}

/** A `Grip-Sig` token as a GRIP proxy makes it: an HS256 JWT with `iss` and `exp`. */
export async function gripSig(key: Uint8Array, iss: string, expiresInSeconds = 3600): Promise<string> {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const claims = base64url(JSON.stringify({ iss, exp: Math.floor(Date.now() / 1000) + expiresInSeconds }));
  const hmac = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const signature = await webcrypto.subtle.sign(
    'HMAC',
    hmac,
    new TextEncoder().encode(`${header}.${claims}`),
  );
  return `${header}.${claims}.${base64url(new Uint8Array(signature))}`;
}
