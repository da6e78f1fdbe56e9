/**
 * The shapes of `@azure/functions` v4 this adapter reads and returns,
 * declared here so the package needs neither that library at run time nor
 * its types: the library's `HttpRequest` and `InvocationContext` are
 * assignable to these, and what `handle` returns is an `HttpResponseInit`.
 */

/** What the adapter reads of the library's `HttpRequest`. */
export interface AzureHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  /** A `ReadableStream` of the body (the library types it as Node's `stream/web` one), or null. */
  readonly body: object | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The library's `InvocationContext`, of which the adapter needs nothing. */
export interface AzureInvocationContext {
  readonly invocationId: string;
}

/** A cookie as the Functions host writes it (`Cookie` in `@azure/functions`). */
export interface AzureCookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: Date | number;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  maxAge?: number;
}

/** An `HttpResponseInit` with the fields the adapter fills. */
export interface AzureHttpResponseInit {
  status: number;
  headers: Headers;
  /** The whole body, or its chunks as they come (a body that is not complete yet). */
  body?: Uint8Array | AsyncIterable<Uint8Array>;
  cookies?: AzureCookie[];
}
