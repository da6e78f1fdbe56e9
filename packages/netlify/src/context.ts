/**
 * The part of the second argument Netlify passes to a Function (v2) or an
 * Edge Function that this adapter uses. Netlify's Context has more (`geo`,
 * `ip`, `cookies`, `next()`...); any object with at least this shape is
 * accepted, so no `@netlify/*` package is needed.
 */
export interface NetlifyContext {
  /** Keeps the invocation alive until `promise` settles. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Netlify's id for the request, when present. */
  readonly requestId?: string;
  readonly [key: string]: unknown;
}
