/** The HS256 key and issuer in a `GRIP_URL` of the form `…?iss=<iss>&key=base64:<key>`. */
export function signingKeyOf(env: Record<string, string>): { key: Uint8Array<ArrayBuffer>; iss: string } {
  const url = env.GRIP_URL ?? '';
  // Read the raw query: a base64 key may hold '+', which form decoding turns into a space.
  const key = /[?&]key=base64:([^&]+)/.exec(url)?.[1];
  const iss = /[?&]iss=([^&]+)/.exec(url)?.[1];
  if (key === undefined || iss === undefined) {
    throw new Error(`GRIP_URL ${JSON.stringify(url)} names no iss and base64 key to sign a Grip-Sig with`);
  }
  return {
    key: new Uint8Array(Buffer.from(decodeURIComponent(key), 'base64')),
    iss: decodeURIComponent(iss),
  };
}
