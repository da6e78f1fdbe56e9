import { requestHeader, requestHeaderEntries } from '../adapter/request-headers.js';
import { headerEntries } from '../adapter/response-registry.js';
import { decodeBase64Url, encodeBase64Url } from '../jwt/base64.js';
import { META_MAC_NAME } from './meta.js';

/**
 * Meta protection: with a meta secret configured, every WebSocket-over-HTTP
 * answer carries one more meta entry, a MAC over the connection id and the
 * complete meta the proxy will hold after it. Incoming meta counts only when
 * its MAC verifies for the request's Connection-Id, so a client whose headers
 * reach the origin (a proxy or path that forwards `Meta-*`/`Connection-Id`)
 * cannot make up meta, or move another connection's meta to its own.
 */

const MAC_HEADER = `Set-Meta-${META_MAC_NAME}`;
// Binds keys made here to this use, so the secret keys nothing else directly.
const KEY_LABEL = 'faas-grip websocket meta mac v1';
const encoder = new TextEncoder();

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function macKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = (async () => {
      const base = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: encoder.encode(KEY_LABEL) },
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign', 'verify'],
      );
    })();
    keys.set(secret, key);
  }
  return key;
}

/**
 * The bytes the MAC covers: every field length-prefixed, entries sorted by
 * name, so that no two (id, meta) pairs share an encoding.
 */
function canonical(id: string, meta: ReadonlyMap<string, string>): Uint8Array<ArrayBuffer> {
  const field = (text: string) => `${text.length}:${text}`;
  let out = `${field(id)}${meta.size}:`;
  for (const name of [...meta.keys()].sort()) out += field(name) + field(meta.get(name)!);
  return encoder.encode(out);
}

// A MAC is 32 bytes: 43 characters of unpadded base64url.
function macFrom(text: string): Uint8Array<ArrayBuffer> | undefined {
  return text.length === 43 ? decodeBase64Url(text) : undefined;
}

/** Meta as the proxy sent it: lower-case names, header values as they travel. */
export interface IncomingMeta {
  /** Entries that may be shown to the handler. */
  readonly trusted: ReadonlyMap<string, string>;
  /** Names the proxy holds that were not trusted; the answer removes them. */
  readonly dropped: readonly string[];
}

const MAC_NAME = `meta-${META_MAC_NAME}`;
const isWireMeta = (name: string) => name.startsWith('meta-') && name !== MAC_NAME;

/** The `Meta-*` entries of a request, by name, without the MAC entry. */
export function wireMeta(request: Request): Map<string, string> {
  return metaOf(requestHeaderEntries(request, isWireMeta));
}

function metaOf(entries: [string, string][]): Map<string, string> {
  const meta = new Map<string, string>();
  for (const [name, value] of entries) meta.set(name.slice(5), value);
  return meta;
}

const NO_META: IncomingMeta = Object.freeze({ trusted: new Map<string, string>(), dropped: [] });

/** The request's meta when no secret protects it: all of it is trusted. */
export function unsealedMeta(request: Request): IncomingMeta {
  const entries = requestHeaderEntries(request, isWireMeta);
  return entries.length === 0 ? NO_META : { trusted: metaOf(entries), dropped: [] };
}

/**
 * The request's meta, checked against its MAC when a secret is given: meta
 * whose MAC is missing or wrong is not trusted at all.
 */
export async function readIncomingMeta(
  request: Request,
  id: string,
  secret: Uint8Array | undefined,
): Promise<IncomingMeta> {
  const meta = wireMeta(request);
  if (secret === undefined || meta.size === 0) return { trusted: meta, dropped: [] };
  const mac = macFrom(requestHeader(request, MAC_NAME) ?? '');
  const ok =
    mac !== undefined && (await crypto.subtle.verify('HMAC', await macKey(secret), mac, canonical(id, meta)));
  return ok ? { trusted: meta, dropped: [] } : { trusted: new Map(), dropped: [...meta.keys()] };
}

/**
 * Adds the MAC entry to a WebSocket-over-HTTP answer that changes meta, computed over the meta
 * the proxy will hold once it applies the answer's `Set-Meta-*` headers (an
 * empty value removes an entry). Untrusted names the answer leaves alone are
 * removed, so that the proxy holds exactly what the MAC covers. Set-meta
 * control messages need no separate account: the context mirrors each in a
 * `Set-Meta-*` header, which is also the only form Pushpin sends back.
 */
export async function sealMeta(
  response: Response,
  id: string,
  incoming: IncomingMeta,
  secret: Uint8Array,
): Promise<Response> {
  const held = new Map(incoming.trusted);
  const set = new Set<string>();
  for (const [name, value] of headerEntries(response)) {
    if (!name.startsWith('set-meta-')) continue;
    const key = name.slice('set-meta-'.length);
    if (key === META_MAC_NAME) continue;
    set.add(key);
    if (value === '') held.delete(key);
    else held.set(key, value);
  }
  // Nothing changes what the proxy holds, and what it holds verified (or is
  // empty): its MAC still stands, so spend no HMAC on the common answer.
  if (set.size === 0 && incoming.dropped.length === 0) return response;
  const signature = await crypto.subtle.sign('HMAC', await macKey(secret), canonical(id, held));
  const headers: [string, string][] = incoming.dropped
    .filter((name) => !set.has(name))
    .map((name) => [`Set-Meta-${name}`, '']);
  headers.push([MAC_HEADER, encodeBase64Url(new Uint8Array(signature))]);
  try {
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  } catch {
    // Headers of a fetched Response are immutable: copy it.
    const copy = new Headers(response.headers);
    for (const [name, value] of headers) copy.set(name, value);
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: copy,
    });
  }
}
