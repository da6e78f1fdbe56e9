/** The JWS algorithms a key can fix: HS256 (Pushpin), ES256 (Fastly Fanout) and RS256. */
export type JwsAlg = 'HS256' | 'ES256' | 'RS256';

/** How Web Crypto imports a key of each algorithm, for signing and for verifying alike. */
export const IMPORT_PARAMS: Record<JwsAlg, HmacImportParams | EcKeyImportParams | RsaHashedImportParams> = {
  HS256: { name: 'HMAC', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

// JWS ES256 signatures are raw r||s, the form Web Crypto's ECDSA signs and verifies.
export const SIGNATURE_PARAMS: Record<JwsAlg, AlgorithmIdentifier | EcdsaParams> = {
  HS256: { name: 'HMAC' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
};

/** A JSON object from UTF-8 bytes or text, or undefined for anything else (bad UTF-8, bad JSON, an array). */
export function jsonObject(input: Uint8Array | string | undefined): Record<string, unknown> | undefined {
  if (input === undefined) return undefined;
  try {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
