import { loadKey, PUBLIC_KEY_FASTLY_FANOUT_PEM } from '@fanoutio/grip';
import { GripConfigError } from './errors.js';

/** A key as `@fanoutio/grip` loads it: bytes (HMAC), a PEM or a JWK. */
export type GripKey = ReturnType<typeof loadKey>;

export interface GripProxy {
  /** Base of the proxy's control API; publishes go to `<controlUri>/publish/`. */
  controlUri: string;
  /** Publish auth: a JWT with this issuer, signed with `key`. */
  controlIss?: string;
  /** Publish auth key: JWT signing key with `controlIss`, otherwise a Bearer token. */
  key?: string;
  user?: string;
  pass?: string;
}

export interface GripVerifier {
  key: GripKey;
  /** Expected `iss` claim; any issuer is accepted when absent. */
  iss?: string;
}

export interface GripConfig {
  proxies: GripProxy[];
  /** Keys a `Grip-Sig` may be signed with; empty means signatures are not required. */
  verifiers: GripVerifier[];
  /** Added to every channel name on publish, subscribe and hold. */
  prefix: string;
}

/** The settings read from the environment (all optional). */
export interface GripEnvSettings {
  GRIP_URL?: string;
  GRIP_VERIFY_KEY?: string;
  GRIP_VERIFY_ISS?: string;
  GRIP_PREFIX?: string;
}

function setting(env: unknown, name: keyof GripEnvSettings): string | undefined {
  if (env === null || typeof env !== 'object') return undefined;
  const value = (env as Record<string, unknown>)[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

// Env vars often carry PEM keys with literal "\n" sequences.
function unescapeKey(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

function parseKey(value: string, what: string): GripKey {
  const text = unescapeKey(value);
  if (text === 'fastly') return loadKey(PUBLIC_KEY_FASTLY_FANOUT_PEM);
  try {
    return loadKey(text);
  } catch (cause) {
    throw new GripConfigError(`${what} could not be read as a key (${String(cause)})`, { cause });
  }
}

function parseProxy(uri: string, hasGlobalKey: boolean): { proxy: GripProxy; verifier?: GripVerifier } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch (cause) {
    throw new GripConfigError(`GRIP_URL entry ${JSON.stringify(uri)} is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GripConfigError(`GRIP_URL entry ${JSON.stringify(uri)} must be http or https`);
  }
  const params = url.searchParams;
  const take = (name: string): string | undefined => {
    const value = params.get(name) ?? undefined;
    params.delete(name);
    return value === '' ? undefined : value;
  };
  const iss = take('iss');
  const key = take('key');
  const verifyIss = take('verify-iss');
  const verifyKey = take('verify-key');
  const proxy: GripProxy = { controlUri: '' };
  if (url.username !== '') proxy.user = decodeURIComponent(url.username);
  if (url.password !== '') proxy.pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  proxy.controlUri = url.toString().replace(/\/$/, '');
  if (iss !== undefined) proxy.controlIss = iss;
  if (key !== undefined) proxy.key = key;

  let verifier: GripVerifier | undefined;
  if (verifyKey !== undefined) {
    verifier = { key: parseKey(verifyKey, 'GRIP_URL verify-key') };
  } else if (verifyIss?.startsWith('fastly:')) {
    // Fastly Fanout signs with its own published key; its URLs name only the issuer.
    verifier = { key: parseKey('fastly', 'GRIP_URL verify-iss') };
  } else if (iss !== undefined && key !== undefined) {
    // Pushpin signs Grip-Sig with the same shared key it accepts publishes with.
    const loaded = parseKey(key, 'GRIP_URL key');
    if (loaded instanceof Uint8Array) verifier = { key: loaded };
  }
  if (verifier !== undefined) {
    const expected = verifyIss ?? iss;
    if (expected !== undefined) verifier.iss = expected;
  } else if (verifyIss !== undefined && !hasGlobalKey) {
    // An issuer without a key would silently verify nothing.
    throw new GripConfigError(
      `GRIP_URL entry ${JSON.stringify(uri)} names verify-iss but no key to verify with: add verify-key or set GRIP_VERIFY_KEY`,
    );
  }
  return verifier === undefined ? { proxy } : { proxy, verifier };
}

/**
 * Reads GRIP settings from an environment object (`process.env`, Worker
 * bindings):
 * - `GRIP_URL`: one or more proxies, separated by whitespace or commas, each
 *   `http(s)://host/path?iss=…&key=…&verify-iss=…&verify-key=…`;
 *   `key` may be `base64:…`.
 *   A `verify-iss` of `fastly:<service id>` without `verify-key` means Fastly
 *   Fanout's public key.
 * - `GRIP_VERIFY_KEY` / `GRIP_VERIFY_ISS`: a key (PEM, `base64:…`, a JWK, or
 *   `fastly` for Fastly Fanout's public key) that every `Grip-Sig` must verify
 *   against, for proxies whose URL does not imply one.
 * - `GRIP_PREFIX`: channel prefix.
 */
export function readGripConfig(env: unknown): GripConfig {
  const urls =
    setting(env, 'GRIP_URL')
      ?.split(/[\s,]+/)
      .filter((u) => u !== '') ?? [];
  const verifyKey = setting(env, 'GRIP_VERIFY_KEY');
  const verifyIss = setting(env, 'GRIP_VERIFY_ISS');
  const config: GripConfig = { proxies: [], verifiers: [], prefix: setting(env, 'GRIP_PREFIX') ?? '' };
  for (const uri of urls) {
    const { proxy, verifier } = parseProxy(uri, verifyKey !== undefined);
    config.proxies.push(proxy);
    if (verifier !== undefined) config.verifiers.push(verifier);
  }
  if (verifyKey !== undefined) {
    const verifier: GripVerifier = { key: parseKey(verifyKey, 'GRIP_VERIFY_KEY') };
    if (verifyIss !== undefined) verifier.iss = verifyIss;
    config.verifiers.push(verifier);
  } else if (verifyIss?.startsWith('fastly:')) {
    config.verifiers.push({ key: parseKey('fastly', 'GRIP_VERIFY_ISS'), iss: verifyIss });
  } else if (verifyIss !== undefined) {
    throw new GripConfigError('GRIP_VERIFY_ISS is set but GRIP_VERIFY_KEY is not');
  }
  return config;
}

const cache = new Map<string, GripConfig>();

/** {@link readGripConfig}, remembered per distinct settings (keys are parsed once). */
export function gripConfigFromEnv(env: unknown): GripConfig {
  const id = JSON.stringify([
    setting(env, 'GRIP_URL'),
    setting(env, 'GRIP_VERIFY_KEY'),
    setting(env, 'GRIP_VERIFY_ISS'),
    setting(env, 'GRIP_PREFIX'),
  ]);
  let config = cache.get(id);
  if (config === undefined) {
    config = readGripConfig(env);
    if (cache.size > 16) cache.clear();
    cache.set(id, config);
  }
  return config;
}
