import { MAX_TIMER_SECONDS } from '../limits.js';

/** The links an origin gave with `Grip-Link`, resolved to paths on the origin. */
export interface GripLinks {
  /** Where the rest of the stream is (`rel=next`): asked for on a gap, after a page, or every `timeoutSeconds`. */
  next: { path: string; timeoutSeconds: number } | undefined;
  /** Told with a POST when the client leaves (`rel=gone`). */
  gone: string | undefined;
  /** Why a link was not taken, for a warning. */
  refused: string[];
}

/** Pushpin asks a next link again after this long without a publish when `timeout=` is not given. */
export const DEFAULT_LINK_TIMEOUT_SECONDS = 120;

/** A next link asked for more often than this would turn a hostile `timeout=` into a busy loop. */
export const MIN_LINK_TIMEOUT_SECONDS = 1;

/** `<uri>; a=b; c="d"` entries of one header value; commas inside `<…>` belong to the URI. */
function entries(header: string): Array<{ uri: string; params: Map<string, string> }> {
  const out: Array<{ uri: string; params: Map<string, string> }> = [];
  // A scan rather than a regular expression: one pass whatever the origin sends.
  let at = header.indexOf('<');
  while (at !== -1) {
    const close = header.indexOf('>', at + 1);
    if (close === -1) break;
    const next = header.indexOf('<', close + 1);
    const rest = header.slice(close + 1, next === -1 ? header.length : next);
    const params = new Map<string, string>();
    for (const param of rest.split(/[;,]/)) {
      const eq = param.indexOf('=');
      if (eq === -1) continue;
      const value = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      params.set(param.slice(0, eq).trim().toLowerCase(), value);
    }
    out.push({ uri: header.slice(at + 1, close), params });
    at = next;
  }
  return out;
}

/**
 * The path and query on the origin a link names, resolved against the path of
 * the request it came with, or why it cannot be taken. The proxy only ever
 * asks its own origin: a link to any other host is refused (an absolute link
 * to the host the client reached is taken, since that is the origin behind it).
 */
export function resolveLink(
  uri: string,
  currentPath: string,
  clientHost: string | undefined,
  maxChars: number,
): { path: string } | { refused: string } {
  if (uri.length > maxChars) return { refused: `a link longer than ${maxChars} characters` };
  let base: URL;
  try {
    base = new URL(currentPath, `http://${clientHost ?? 'proxy.invalid'}`);
  } catch {
    base = new URL(currentPath, 'http://proxy.invalid');
  }
  let url: URL;
  try {
    url = new URL(uri, base);
  } catch {
    return { refused: `${JSON.stringify(uri)}, which is not a URI` };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host !== base.host) {
    return { refused: `${JSON.stringify(uri)}, which points to another host than the origin` };
  }
  return { path: `${url.pathname}${url.search}` };
}

/** Reads `Grip-Link` header values (`<uri>; rel=next[; timeout=N]`, `<uri>; rel=gone`). */
export function parseGripLinks(
  values: string | null,
  currentPath: string,
  clientHost: string | undefined,
  maxChars: number,
): GripLinks {
  const links: GripLinks = { next: undefined, gone: undefined, refused: [] };
  if (values === null) return links;
  for (const { uri, params } of entries(values)) {
    const rel = params.get('rel')?.toLowerCase();
    if (rel !== 'next' && rel !== 'gone') continue;
    const resolved = resolveLink(uri, currentPath, clientHost, maxChars);
    if ('refused' in resolved) {
      links.refused.push(`rel=${rel} ${resolved.refused}`);
      continue;
    }
    if (rel === 'gone') {
      links.gone = resolved.path;
      continue;
    }
    const timeout = Number(params.get('timeout'));
    links.next = {
      path: resolved.path,
      timeoutSeconds:
        params.has('timeout') && Number.isFinite(timeout) && timeout >= 0
          ? Math.min(Math.max(timeout, MIN_LINK_TIMEOUT_SECONDS), MAX_TIMER_SECONDS)
          : DEFAULT_LINK_TIMEOUT_SECONDS,
    };
  }
  return links;
}

/**
 * A `Grip-Last` entry, or undefined when the id cannot go into a header as
 * it is (a publisher's id may hold anything): the origin then gets no
 * position for that channel rather than a forged or broken header.
 */
export function gripLastEntry(channel: string, id: string | undefined, maxChars: number): string | undefined {
  if (id === undefined || id.length > maxChars || !/^[\x21-\x7e]+$/.test(id) || /[,;"]/.test(id))
    return undefined;
  return `${channel}; last-id=${id}`;
}
