import { GripError } from '@faas-grip/core';
import { quoted } from './event-fields.js';

// RFC 3986 reg-name characters (unreserved and sub-delims) except the comma,
// which in a Host header means two Host lines merged into one (RFC 9112
// wants a 400 for that). Percent-encoded octets are left out on purpose: the
// URL parser decodes them, so `%41` would become another host than the one
// the client named.
const REG_NAME = /^[A-Za-z0-9\-._~!$&'()*+;=]+$/;
const PORT = /^[0-9]{0,5}$/;
const IP_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;

function refuse(what: string, value: string, why: string): never {
  throw new GripError(400, `The ${what} ${quoted(value)} is not a valid host: ${why}`);
}

/** Splits `host[:port]`; the host part is still unchecked. */
function split(authority: string): { host: string; port: string | undefined } {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end === -1) return { host: authority, port: undefined };
    const rest = authority.slice(end + 1);
    return {
      host: authority.slice(0, end + 1),
      port: rest.startsWith(':') ? rest.slice(1) : rest || undefined,
    };
  }
  const colon = authority.indexOf(':');
  return colon === -1
    ? { host: authority, port: undefined }
    : { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

/**
 * The origin (`scheme://host[:port]`) for a host taken from an event: the
 * Host header or the API's domain name. Anything that is not exactly one
 * host with an optional port is refused with a 400: no user info, no path,
 * query or fragment delimiters, no whitespace or control characters, and no
 * name the URL parser would turn into a different host (numeric forms such
 * as `0x7f.1` or `010.0.0.1`, percent-encoding, broken punycode). Otherwise
 * a client could move the path, or the host, the handler routes on.
 *
 * `what` names where the value came from, for the error message.
 */
export function originFor(scheme: 'http' | 'https', authority: string, what: string): URL {
  if (authority === '') refuse(what, authority, 'it is empty');
  if (authority.includes(',')) refuse(what, authority, 'it holds more than one host');
  const { host, port } = split(authority);
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65535)) {
    refuse(what, authority, 'the port is not a number from 0 to 65535');
  }
  const literal = host.startsWith('[');
  if (literal && !IP_LITERAL.test(host)) refuse(what, authority, 'not an IPv6 address');
  if (!literal && !REG_NAME.test(host)) {
    refuse(what, authority, "only letters, digits and - . _ ~ ! $ & ' ( ) * + ; = may form a name");
  }
  let origin: URL;
  try {
    origin = new URL(`${scheme}://${authority}/`);
  } catch {
    return refuse(what, authority, literal ? 'not an IPv6 address' : 'not a name a URL can hold');
  }
  // An IPv6 literal comes back in its canonical spelling; a name must come back as sent.
  if (
    origin.username !== '' ||
    origin.password !== '' ||
    (!literal && origin.hostname !== host.toLowerCase())
  ) {
    refuse(what, authority, `a URL would read it as ${JSON.stringify(origin.hostname)}`);
  }
  return origin;
}
