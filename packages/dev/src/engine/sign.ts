const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The HMAC key bytes of a Pushpin-style `sig_key` value: text, or `base64:<b64>`. */
function keyBytes(key: string): Uint8Array<ArrayBuffer> {
  if (!key.startsWith('base64:')) return encoder.encode(key);
  const binary = atob(key.slice('base64:'.length).replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const HEADER = base64url(encoder.encode(JSON.stringify({ typ: 'JWT', alg: 'HS256' })));

/**
 * The `Grip-Sig` a proxy configured with `iss` and `key` sends: an HS256 JWT
 * with `exp` an hour ahead, minted fresh for each request with Web Crypto
 * (the same claims as the dev proxy's signer, on any runtime).
 */
export function webGripSigner(options: { iss: string; key: string }): () => Promise<string> {
  let imported: Promise<CryptoKey> | undefined;
  // Tokens minted in the same second are identical (`exp` counts seconds), as Pushpin's are.
  let last: { exp: number; token: Promise<string> } | undefined;
  const mint = async (exp: number): Promise<string> => {
    imported ??= crypto.subtle.importKey(
      'raw',
      keyBytes(options.key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const claims = base64url(encoder.encode(JSON.stringify({ exp, iss: options.iss })));
    const input = `${HEADER}.${claims}`;
    const mac = await crypto.subtle.sign('HMAC', await imported, encoder.encode(input));
    return `${input}.${base64url(new Uint8Array(mac))}`;
  };
  return () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    if (last?.exp !== exp) last = { exp, token: mint(exp) };
    return last.token;
  };
}
