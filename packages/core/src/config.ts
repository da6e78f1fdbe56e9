import { GripConfigError } from './errors.js';
import { parseGripUrlEntry, readKey } from './grip-url.js';
import { decodeBase64 } from './jwt/base64.js';
import type { GripKey } from './jwt/key-types.js';
import { FASTLY_FANOUT_KEY } from './jwt/parse-key.js';

export type { GripKey } from './jwt/key-types.js';

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
  /**
   * Secret bytes core uses to authenticate the WebSocket meta it sets, so
   * that meta a client forges does not verify. `GRIP_META_KEY` when set
   * (`base64:` allowed); otherwise the first shared-secret (HS256)
   * verification key; otherwise the UTF-8 bytes of the first proxy's `key`;
   * otherwise absent.
   */
  metaSecret?: Uint8Array;
}

/** The settings read from the environment (all optional). */
export interface GripEnvSettings {
  GRIP_URL?: string;
  GRIP_VERIFY_KEY?: string;
  GRIP_VERIFY_ISS?: string;
  GRIP_PREFIX?: string;
  GRIP_META_KEY?: string;
}

function setting(env: unknown, name: keyof GripEnvSettings): string | undefined {
  if (env === null || typeof env !== 'object') return undefined;
  const value = (env as Record<string, unknown>)[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function metaSecret(env: unknown, config: GripConfig): Uint8Array | undefined {
  const value = setting(env, 'GRIP_META_KEY');
  if (value?.startsWith('base64:')) {
    const bytes = decodeBase64(value.slice('base64:'.length));
    if (bytes === undefined || bytes.length === 0) {
      throw new GripConfigError('GRIP_META_KEY: the text after "base64:" is not valid, non-empty base64');
    }
    return bytes;
  }
  if (value !== undefined) return new TextEncoder().encode(value);
  for (const { key } of config.verifiers) if (key.alg === 'HS256') return key.secret.slice();
  const publishKey = config.proxies.find((proxy) => proxy.key !== undefined)?.key;
  return publishKey === undefined ? undefined : new TextEncoder().encode(publishKey);
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
 *   against, for proxies whose URL does not imply one. The issuers it accepts
 *   are `GRIP_VERIFY_ISS` and the `verify-iss` of every entry it verifies for;
 *   any issuer only when none is named.
 * - `GRIP_PREFIX`: channel prefix.
 * - `GRIP_META_KEY`: the secret for {@link GripConfig.metaSecret}.
 *
 * Errors are `GripConfigError`s whose messages never hold a key, a token or
 * a URL's user name or password.
 */
export function readGripConfig(env: unknown): GripConfig {
  const urls =
    setting(env, 'GRIP_URL')
      ?.split(/[\s,]+/)
      .filter((u) => u !== '') ?? [];
  const verifyKey = setting(env, 'GRIP_VERIFY_KEY');
  const verifyIss = setting(env, 'GRIP_VERIFY_ISS');
  const config: GripConfig = { proxies: [], verifiers: [], prefix: setting(env, 'GRIP_PREFIX') ?? '' };
  // Issuers the shared key must enforce: an entry's verify-iss holds
  // whichever key verifies its tokens.
  const sharedKeyIssuers = new Set<string>();
  urls.forEach((uri, index) => {
    const entry = parseGripUrlEntry(uri, index);
    config.proxies.push(entry.proxy);
    if (entry.verifier !== undefined) config.verifiers.push(entry.verifier);
    if (entry.sharedKeyIss === undefined) return;
    if (verifyKey === undefined) {
      // An issuer without a key would silently verify nothing.
      throw new GripConfigError(
        `${entry.label} names verify-iss but no key to verify with: add verify-key or set GRIP_VERIFY_KEY`,
      );
    }
    sharedKeyIssuers.add(entry.sharedKeyIss);
  });
  if (verifyKey !== undefined) {
    const key = readKey(verifyKey, 'GRIP_VERIFY_KEY');
    if (verifyIss !== undefined) sharedKeyIssuers.add(verifyIss);
    if (sharedKeyIssuers.size === 0) config.verifiers.push({ key });
    for (const iss of sharedKeyIssuers) config.verifiers.push({ key, iss });
  } else if (verifyIss?.startsWith('fastly:')) {
    config.verifiers.push({ key: FASTLY_FANOUT_KEY, iss: verifyIss });
  } else if (verifyIss !== undefined) {
    throw new GripConfigError('GRIP_VERIFY_ISS is set but GRIP_VERIFY_KEY is not');
  }
  const secret = metaSecret(env, config);
  if (secret !== undefined) config.metaSecret = secret;
  return config;
}

const cache = new Map<string, GripConfig>();

const SETTINGS = ['GRIP_URL', 'GRIP_VERIFY_KEY', 'GRIP_VERIFY_ISS', 'GRIP_PREFIX', 'GRIP_META_KEY'] as const;

// The environment of the previous call and what it held: nearly every call
// passes the same object with the same values, so they are compared as they
// are instead of being trimmed and joined into a cache id each time.
let last: { env: object; values: unknown[]; config: GripConfig } | undefined;

function sameAsLast(env: unknown): GripConfig | undefined {
  if (last === undefined || env !== last.env) return undefined;
  const record = env as Record<string, unknown>;
  for (let i = 0; i < SETTINGS.length; i++) {
    if (record[SETTINGS[i]!] !== last.values[i]) return undefined;
  }
  return last.config;
}

/** {@link readGripConfig}, remembered per distinct settings (keys are parsed once). */
export function gripConfigFromEnv(env: unknown): GripConfig {
  const remembered = sameAsLast(env);
  if (remembered !== undefined) return remembered;
  const config = configFor(env);
  if (env !== null && typeof env === 'object') {
    const record = env as Record<string, unknown>;
    last = { env, values: SETTINGS.map((name) => record[name]), config };
  }
  return config;
}

function configFor(env: unknown): GripConfig {
  const id = JSON.stringify(SETTINGS.map((name) => setting(env, name)));
  let config = cache.get(id);
  if (config === undefined) {
    config = readGripConfig(env);
    if (cache.size > 16) cache.clear();
    cache.set(id, config);
  }
  return config;
}
