import type { GripVerifier } from './config.js';
import { decodeBase64Url } from './jwt/base64.js';
import { CLOCK_LEEWAY_SECONDS } from './jwt/verify.js';

/** Tokens remembered per verifier set; a proxy mints about one per second per issuer. */
export const VERIFIED_TOKENS_PER_SET = 256;

interface Times {
  exp: number;
  nbf: number | undefined;
}

interface Remembered {
  /** The verifiers as they were when the tokens verified: a changed set forgets them. */
  keys: { key: GripVerifier['key']; iss: string | undefined }[];
  tokens: Map<string, Times>;
}

const sets = new WeakMap<readonly GripVerifier[], Remembered>();

function sameVerifiers(remembered: Remembered, verifiers: readonly GripVerifier[]): boolean {
  if (remembered.keys.length !== verifiers.length) return false;
  return remembered.keys.every(({ key, iss }, i) => verifiers[i]!.key === key && verifiers[i]!.iss === iss);
}

function timesAccepted(times: Times, now: number): boolean {
  if (now >= times.exp + CLOCK_LEEWAY_SECONDS) return false;
  return times.nbf === undefined || now + CLOCK_LEEWAY_SECONDS >= times.nbf;
}

/**
 * Whether `token` verified against exactly these verifiers before and its
 * `exp` and `nbf` still hold now. Only tokens that verified are remembered,
 * so nothing a client sends without a valid signature gets in.
 */
export function verifiedBefore(token: string, verifiers: readonly GripVerifier[], now: number): boolean {
  const remembered = sets.get(verifiers);
  if (remembered === undefined || !sameVerifiers(remembered, verifiers)) return false;
  const times = remembered.tokens.get(token);
  if (times === undefined) return false;
  if (timesAccepted(times, now)) return true;
  remembered.tokens.delete(token);
  return false;
}

function claimTimes(token: string): Times | undefined {
  const bytes = decodeBase64Url(token.split('.', 3)[1] ?? '');
  if (bytes === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
    if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) return undefined;
    return { exp, nbf };
  } catch {
    return undefined;
  }
}

/** Remembers a token that just verified against `verifiers`; the oldest goes when the set is full. */
export function rememberVerified(token: string, verifiers: readonly GripVerifier[]): void {
  const times = claimTimes(token);
  if (times === undefined) return;
  let remembered = sets.get(verifiers);
  if (remembered === undefined || !sameVerifiers(remembered, verifiers)) {
    remembered = { keys: verifiers.map(({ key, iss }) => ({ key, iss })), tokens: new Map() };
    sets.set(verifiers, remembered);
  }
  if (remembered.tokens.size >= VERIFIED_TOKENS_PER_SET) {
    const oldest = remembered.tokens.keys().next().value;
    if (oldest !== undefined) remembered.tokens.delete(oldest);
  }
  remembered.tokens.set(token, times);
}
