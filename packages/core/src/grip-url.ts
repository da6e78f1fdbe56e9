import type { GripProxy, GripVerifier } from './config.js';
import { GripConfigError } from './errors.js';
import { type GripKey, KeyFormatError } from './jwt/key-types.js';
import { FASTLY_FANOUT_KEY, parseGripKey } from './jwt/parse-key.js';

/** One `GRIP_URL` entry, read. */
export interface GripUrlEntry {
  proxy: GripProxy;
  /** A key the entry itself names: `verify-key`, Fastly's for a `fastly:` issuer, or Pushpin's shared `key`. */
  verifier?: GripVerifier;
  /** The `verify-iss` of an entry with no key of its own, which the shared `GRIP_VERIFY_KEY` must enforce. */
  sharedKeyIss?: string;
  /** How errors name the entry: its number and its URL without secrets. */
  label: string;
}

// Query values that are never secret; every other value is left out of messages.
const SHOWN_PARAMS = new Set(['iss', 'verify-iss']);

/**
 * The entry's URL as it may appear in an error or a log: user name,
 * password, `key`, `verify-key` and any other query value are replaced. A
 * URL without a host (`user:pass@host` with no scheme parses as one) is not
 * shown at all, since its path may be the secret.
 */
export function describeGripUrlEntry(index: number, url?: URL): string {
  const name = `GRIP_URL entry ${index + 1}`;
  if (url === undefined || url.host === '') return name;
  const userinfo = url.username !== '' || url.password !== '' ? 'REDACTED@' : '';
  const query = [...url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${SHOWN_PARAMS.has(k) ? encodeURIComponent(v) : 'REDACTED'}`)
    .join('&');
  return `${name} (${url.protocol}//${userinfo}${url.host}${url.pathname}${query === '' ? '' : `?${query}`})`;
}

// Env vars often carry PEM keys with literal "\n" sequences.
export function unescapeKey(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

/** Reads a key from a setting; the error names the setting and the fault, never the key. */
export function readKey(value: string, what: string): GripKey {
  try {
    return parseGripKey(unescapeKey(value));
  } catch (error) {
    const reason = error instanceof KeyFormatError ? error.message : 'it is malformed';
    throw new GripConfigError(`${what} cannot be used as a key: ${reason}`);
  }
}

// A publish key may be a private key (JWT publish auth signed with it); it
// then verifies nothing, but is no error.
function readPublishKey(value: string, what: string): GripKey | undefined {
  try {
    return parseGripKey(unescapeKey(value));
  } catch (error) {
    if (error instanceof KeyFormatError && error.privateKey) return undefined;
    return readKey(value, what);
  }
}

function decodeUserinfo(value: string, label: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new GripConfigError(`${label}: its user name or password has a malformed %-escape`);
  }
}

/** Reads one `GRIP_URL` entry (the `index`-th, for messages). */
export function parseGripUrlEntry(uri: string, index: number): GripUrlEntry {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // The text is left out: an entry that is not a URL cannot be redacted reliably.
    throw new GripConfigError(`${describeGripUrlEntry(index)} is not a URL`);
  }
  const label = describeGripUrlEntry(index, url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GripConfigError(`${label} must be http or https`);
  }
  const params = url.searchParams;
  const take = (name: string): string | undefined => {
    const value = params.get(name) ?? undefined;
    params.delete(name);
    // Usually an unset variable substituted into the URL: taken as absent, it
    // would silently turn verification off.
    if (value === '') throw new GripConfigError(`${label}: ${name} is given but empty`);
    return value;
  };
  const iss = take('iss');
  const key = take('key');
  const verifyIss = take('verify-iss');
  const verifyKey = take('verify-key');
  const proxy: GripProxy = { controlUri: '' };
  if (url.username !== '') proxy.user = decodeUserinfo(url.username, label);
  if (url.password !== '') proxy.pass = decodeUserinfo(url.password, label);
  url.username = '';
  url.password = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  proxy.controlUri = url.toString().replace(/\/$/, '');
  if (iss !== undefined) proxy.controlIss = iss;
  if (key !== undefined) proxy.key = key;

  let verifier: GripVerifier | undefined;
  if (verifyKey !== undefined) {
    verifier = { key: readKey(verifyKey, `${label}: verify-key`) };
  } else if (verifyIss?.startsWith('fastly:')) {
    // Fastly Fanout signs with its own published key; its URLs name only the issuer.
    verifier = { key: FASTLY_FANOUT_KEY };
  } else if (iss !== undefined && key !== undefined) {
    // Pushpin signs Grip-Sig with the same shared key it accepts publishes
    // with. A public-key publish key (PEM, JWK) verifies nothing here.
    const loaded = readPublishKey(key, `${label}: key`);
    if (loaded?.alg === 'HS256') verifier = { key: loaded };
  }
  if (verifier === undefined) {
    return verifyIss === undefined ? { proxy, label } : { proxy, label, sharedKeyIss: verifyIss };
  }
  const expected = verifyIss ?? iss;
  if (expected !== undefined) verifier.iss = expected;
  return { proxy, verifier, label };
}
