import { createHmac } from 'node:crypto';

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** A Grip-Sig as Pushpin mints it: HS256, `iss` and an hour of validity. */
export function pushpinSig(iss: string, key: string): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = base64url(JSON.stringify({ iss, exp: Math.floor(Date.now() / 1000) + 3600 }));
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${base64url(signature)}`;
}
