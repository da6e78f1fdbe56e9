/** The public members of an EC P-256 or RSA JWK; nothing else is kept. */
export type PublicJwk =
  | { readonly kty: 'EC'; readonly crv: 'P-256'; readonly x: string; readonly y: string }
  | { readonly kty: 'RSA'; readonly n: string; readonly e: string };

/**
 * A key that verifies `Grip-Sig`. The key decides the algorithm, so a token
 * can never choose how it is checked: a shared secret verifies only HS256
 * (Pushpin), a P-256 public key only ES256 (Fastly Fanout), an RSA public key
 * only RS256.
 */
export type GripKey =
  | { readonly alg: 'HS256'; readonly secret: Uint8Array }
  | { readonly alg: 'ES256'; readonly jwk: Extract<PublicJwk, { kty: 'EC' }> }
  | { readonly alg: 'RS256'; readonly jwk: Extract<PublicJwk, { kty: 'RSA' }> }
  | { readonly alg: 'RS256'; readonly spki: Uint8Array<ArrayBuffer> };

/**
 * Why a key could not be read. The message says what is wrong with the key
 * and never quotes it, since it may be a secret.
 */
export class KeyFormatError extends Error {
  /** The key is a private key: fine for signing publishes, never for verifying. */
  readonly privateKey: boolean;

  constructor(reason: string, options: { privateKey?: boolean } = {}) {
    super(reason);
    this.name = 'KeyFormatError';
    this.privateKey = options.privateKey ?? false;
  }
}
