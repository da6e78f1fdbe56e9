import { Auth, isSymmetricSecret, loadKey, PemKey } from '@fanoutio/grip';
import type { GripProxy } from '../config.js';

// The algorithm follows the key; an EC key must not be signed as RS256.
function algorithmFor(key: ReturnType<typeof loadKey>): string {
  if (isSymmetricSecret(key)) return 'HS256';
  if (key instanceof PemKey) return /EC PRIVATE KEY/.test(key.keyString) ? 'ES256' : 'RS256';
  const kty = (key as { jwk?: { kty?: string } }).jwk?.kty;
  return kty === 'EC' ? 'ES256' : 'RS256';
}

/** The `Authorization` header for publishing to one proxy, if it needs one. */
export async function publishAuthorization(proxy: GripProxy): Promise<string | undefined> {
  if (proxy.controlIss !== undefined) {
    const key = loadKey(proxy.key ?? '');
    return new Auth.Jwt({ iss: proxy.controlIss }, key, algorithmFor(key)).buildHeader();
  }
  if (proxy.key !== undefined) return new Auth.Bearer(proxy.key).buildHeader();
  if (proxy.user !== undefined) return new Auth.Basic(proxy.user, proxy.pass ?? '').buildHeader();
  return undefined;
}
