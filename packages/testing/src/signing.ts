/** How the kit's proxy signs requests: Pushpin's `sig_iss` and `sig_key`. */
export interface SigningKey {
  iss: string;
  /** Text, or `base64:<b64>`. */
  key: string;
}

/** The kit's own proxy, when the environment names none: publishes to it never leave the process. */
export const KIT_PROXY_HOST = 'faas-grip-test-proxy.invalid';

/** A key a proxy can sign HS256 with (not a PEM, a JWK or Fastly's public key). */
function isSharedSecret(key: string): boolean {
  const trimmed = key.trim();
  return !(trimmed.startsWith('-----') || trimmed.startsWith('{') || trimmed === 'fastly');
}

function setting(env: Record<string, unknown>, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `base64:${btoa(binary)}`;
}

/**
 * The environment the handler runs with, and the key the kit's proxy signs
 * with. With a `GRIP_URL`, the kit signs as the first entry's proxy would
 * (`verify-key` when it is a shared secret, else `key`), or with
 * `GRIP_VERIFY_KEY`; without one, it adds a `GRIP_URL` of its own with a
 * fresh random key, so verification and meta sealing run as in production.
 */
export function proxyEnvironment(
  env: Record<string, unknown>,
  sign: SigningKey | boolean | undefined,
): { env: Record<string, unknown>; signing: SigningKey | undefined } {
  const out = { ...env };
  let found: SigningKey | undefined;
  const gripUrl = setting(env, 'GRIP_URL');
  if (gripUrl === undefined) {
    const key = randomKey();
    out.GRIP_URL = `http://${KIT_PROXY_HOST}/?iss=faas-grip-test&key=${encodeURIComponent(key)}`;
    found = { iss: 'faas-grip-test', key };
  } else {
    const first = gripUrl.split(/[\s,]+/).find((entry) => entry !== '');
    let params: URLSearchParams | undefined;
    try {
      params = first === undefined ? undefined : new URL(first).searchParams;
    } catch {
      params = undefined;
    }
    const verifyKey = params?.get('verify-key') ?? undefined;
    const key = params?.get('key') ?? undefined;
    const iss = params?.get('verify-iss') ?? params?.get('iss') ?? 'pushpin';
    if (verifyKey !== undefined && isSharedSecret(verifyKey)) found = { iss, key: verifyKey };
    else if (verifyKey === undefined && key !== undefined && isSharedSecret(key)) found = { iss, key };
  }
  const sharedKey = setting(env, 'GRIP_VERIFY_KEY');
  if (found === undefined && sharedKey !== undefined && isSharedSecret(sharedKey)) {
    found = { iss: setting(env, 'GRIP_VERIFY_ISS') ?? 'pushpin', key: sharedKey };
  }
  if (sign === false) return { env: out, signing: undefined };
  if (typeof sign === 'object') return { env: out, signing: sign };
  return { env: out, signing: found };
}
