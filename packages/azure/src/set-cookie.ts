import type { AzureCookie } from './types.js';

const SAME_SITE: Record<string, AzureCookie['sameSite']> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/**
 * A `Set-Cookie` line as the cookie object the Functions host writes back.
 * Attributes the host's cookie has no field for (`Partitioned`,
 * `Priority`...) are dropped; a line without `name=` is null.
 */
export function cookieFromSetCookie(line: string): AzureCookie | null {
  const parts = line.split(';');
  const pair = parts[0]!;
  const equals = pair.indexOf('=');
  if (equals <= 0) return null;
  const cookie: AzureCookie = { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim() };
  if (cookie.name === '') return null;
  for (const part of parts.slice(1)) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : part.slice(at + 1).trim();
    if (key === 'domain' && value !== '') cookie.domain = value;
    else if (key === 'path' && value !== '') cookie.path = value;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') {
      const sameSite = SAME_SITE[value.toLowerCase()];
      if (sameSite !== undefined) cookie.sameSite = sameSite;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
    else if (key === 'expires') {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expires = new Date(time);
    }
  }
  return cookie;
}
