import type { GripProxy } from '../config.js';
import { GripConfigError } from '../errors.js';
import { encodeBase64 } from '../jwt/base64.js';
import { KeyFormatError } from '../jwt/key-types.js';
import { importSigningKey, type JwtSigner, signJwt } from '../jwt/sign.js';
import { parseSigningKey } from '../jwt/signing-key.js';

/** How long a publish token is valid, as Pushpin's own clients sign them. */
const TOKEN_LIFETIME_SECONDS = 600;
/** A token is sent again for a minute, so a burst of publishes signs once; it then has nine minutes left. */
const TOKEN_REUSE_MS = 60_000;

interface ProxySigning {
  /** The key and issuer the entry was made for; a proxy object changed since then gets a new one. */
  keyText: string | undefined;
  iss: string;
  signer: Promise<JwtSigner>;
  token?: { header: string; renewAt: number };
}

const signing = new WeakMap<GripProxy, ProxySigning>();

/** The proxy as a message may name it: no credentials, no query string. */
function shown(proxy: GripProxy): string {
  try {
    const url = new URL(proxy.controlUri);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'the proxy';
  }
}

async function loadSigner(proxy: GripProxy): Promise<JwtSigner> {
  const where = `publishing to ${shown(proxy)}`;
  if (proxy.key === undefined) {
    throw new GripConfigError(`GRIP_URL names iss for ${where} but no key to sign the token with`);
  }
  let key: ReturnType<typeof parseSigningKey>;
  try {
    key = parseSigningKey(proxy.key);
  } catch (error) {
    const reason = error instanceof KeyFormatError ? error.message : 'it is malformed';
    throw new GripConfigError(`The key for ${where} cannot sign a token: ${reason}`);
  }
  try {
    return await importSigningKey(key);
  } catch (error) {
    const why = error instanceof Error ? error.name : 'an error';
    throw new GripConfigError(`The key for ${where} cannot sign a token: Web Crypto refused it (${why})`);
  }
}

async function jwtAuthorization(proxy: GripProxy, iss: string): Promise<string> {
  const now = Date.now();
  let entry = signing.get(proxy);
  if (entry === undefined || entry.keyText !== proxy.key || entry.iss !== iss) {
    entry = { keyText: proxy.key, iss, signer: loadSigner(proxy) };
    signing.set(proxy, entry);
  }
  if (entry.token !== undefined && now < entry.token.renewAt) return entry.token.header;
  let signer: JwtSigner;
  try {
    signer = await entry.signer;
  } catch (error) {
    // Not kept: the next publish tries again (and reports again).
    if (signing.get(proxy) === entry) signing.delete(proxy);
    throw error;
  }
  const exp = Math.floor(now / 1000) + TOKEN_LIFETIME_SECONDS;
  const header = `Bearer ${await signJwt({ iss, exp }, signer)}`;
  entry.token = { header, renewAt: now + TOKEN_REUSE_MS };
  return header;
}

/**
 * The `Authorization` header for publishing to one proxy, if it needs one: a
 * JWT with the proxy's issuer signed with its key, else the key as a Bearer
 * token, else Basic credentials.
 */
export async function publishAuthorization(proxy: GripProxy): Promise<string | undefined> {
  if (proxy.controlIss !== undefined) return jwtAuthorization(proxy, proxy.controlIss);
  if (proxy.key !== undefined) return `Bearer ${proxy.key}`;
  if (proxy.user !== undefined) {
    return `Basic ${encodeBase64(new TextEncoder().encode(`${proxy.user}:${proxy.pass ?? ''}`))}`;
  }
  return undefined;
}
