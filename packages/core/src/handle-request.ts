import { requestHeader } from './adapter/request-headers.js';
import { responseHeader, textResponse } from './adapter/response-registry.js';
import { type GripConfig, gripConfigFromEnv } from './config.js';
import { EventStreamError, GripConfigError, GripError, PublishError } from './errors.js';
import type { GripContext, GripHandler, GripOptions, PlatformContext } from './handler.js';
import { parseGripLast, prefixGripChannelHeader } from './http/channel.js';
import { holdLongPoll, holdStream } from './http/hold.js';
import { createPublisher, type Publisher } from './publish/publisher.js';
import { endInFlight, type RequestState, requestState, trackInFlight } from './request-state.js';
import { errorResponse, isServerError } from './response.js';
import { checkGripSignature } from './signature.js';
import { WEBSOCKET_EVENTS_CONTENT_TYPE } from './ws/event.js';
import { readIncomingMeta, sealMeta } from './ws/meta-seal.js';
import { isWebSocketOverHttp } from './ws/request.js';

// Core's own errors say all there is to say in one line, and a configuration
// error repeats on every request: a stack would only bury it. Anything else
// (a handler's bug) goes to the console whole.
function shownInLog(error: unknown): unknown {
  const own =
    error instanceof GripError ||
    error instanceof GripConfigError ||
    error instanceof PublishError ||
    error instanceof EventStreamError;
  if (!own) return error;
  // A store's failure behind an event stream says why (a host down), tamed: see oneLineCause.
  const cause = error instanceof EventStreamError ? oneLineCause(error.cause) : undefined;
  return `${error.name}: ${error.message}${cause === undefined ? '' : ` (${cause})`}`;
}

/**
 * A cause's message as it may go into a log line: control characters
 * (which could forge or erase lines) become spaces, a URL's user and
 * password are left out, and it is cut at 200 characters.
 */
function oneLineCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error) || cause.message === '') return undefined;
  const text = cause.message.replace(/\p{Cc}/gu, ' ').replace(/(\/\/)[^\s/@]*@/g, '$1');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Hands an error to `onError` (or the console); a reporter that throws is contained. */
export function reportError(options: GripOptions, error: unknown, request: Request): void {
  const where = `${request.method} ${new URL(request.url).pathname}`;
  try {
    if (options.onError) options.onError(error, request);
    else console.error('[faas-grip]', where, shownInLog(error));
  } catch (thrown) {
    // A failing reporter must not become an unhandled rejection.
    console.error('[faas-grip] onError threw while reporting', where, thrown, error);
  }
}

const warned = new WeakSet<GripConfig>();

// A proxy is configured but nothing verifies Grip-Sig: anyone who finds the
// function's URL can talk to it directly. Say so once per configuration.
function warnIfUnverified(config: GripConfig, options: GripOptions): void {
  if (options.allowUnsigned || config.proxies.length === 0 || config.verifiers.length > 0) return;
  if (warned.has(config)) return;
  warned.add(config);
  console.warn(
    '[faas-grip] GRIP_URL is set but no key verifies Grip-Sig, so requests that bypass the proxy are accepted. ' +
      'Add iss and key to GRIP_URL (Pushpin) or set GRIP_VERIFY_KEY; pass allowUnsigned: true to accept this.',
  );
}

const publishers = new WeakMap<GripConfig, Map<number | undefined, Publisher>>();
// Publishers with a fetch of their own are rare (tests): kept by fetch, then by config.
const publishersByFetch = new WeakMap<
  typeof fetch,
  WeakMap<GripConfig, Map<number | undefined, Publisher>>
>();

function publisherFor(config: GripConfig, options: GripOptions): Publisher {
  const { publishTimeoutMs: timeoutMs, publishFetch } = options;
  let byConfig = publishers;
  if (publishFetch !== undefined) {
    byConfig = publishersByFetch.get(publishFetch) ?? new WeakMap();
    publishersByFetch.set(publishFetch, byConfig);
  }
  let byTimeout = byConfig.get(config);
  if (byTimeout === undefined) {
    byTimeout = new Map();
    byConfig.set(config, byTimeout);
  }
  let publisher = byTimeout.get(timeoutMs);
  if (publisher === undefined) {
    publisher = createPublisher(config, {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(publishFetch === undefined ? {} : { fetch: publishFetch }),
    });
    byTimeout.set(timeoutMs, publisher);
  }
  return publisher;
}

function withPrefix(response: Response, prefix: string): Response {
  if (prefix === '') return response;
  const channel = response.headers.get('grip-channel');
  if (channel === null) return response;
  try {
    response.headers.set('Grip-Channel', prefixGripChannelHeader(channel, prefix));
    return response;
  } catch {
    // Headers of a fetched Response are immutable: copy it.
    const headers = new Headers(response.headers);
    headers.set('Grip-Channel', prefixGripChannelHeader(channel, prefix));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/**
 * With a meta secret, a WebSocket-over-HTTP answer the proxy will take (200,
 * exact content type) gets the MAC over the meta it leaves, whether the
 * handler changed the meta or not.
 */
async function protectMeta(request: Request, state: RequestState, response: Response): Promise<Response> {
  const secret = state.metaSecret;
  if (secret === undefined) return response;
  const id = requestHeader(request, 'connection-id');
  if (id === null || id === '' || !isWebSocketOverHttp(request)) return response;
  if (response.status !== 200 || responseHeader(response, 'content-type') !== WEBSOCKET_EVENTS_CONTENT_TYPE) {
    return response;
  }
  state.incomingMeta ??= readIncomingMeta(request, id, secret);
  return sealMeta(response, id, await state.incomingMeta, secret);
}

function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' && value !== null && 'status' in value && 'headers' in value && 'body' in value
  );
}

/**
 * Runs a {@link GripHandler} for one request: verifies `Grip-Sig` (403 when a
 * key is configured and the signature is missing or invalid), builds the
 * context, applies the channel prefix to holds, and turns thrown errors into
 * responses. Every adapter calls this and only translates around it.
 */
export async function handleRequest<Env>(
  handler: GripHandler<Env>,
  request: Request,
  platform: PlatformContext<Env>,
  options: GripOptions = {},
): Promise<Response> {
  try {
    const config = gripConfigFromEnv(platform.env);
    warnIfUnverified(config, options);
    const checked = checkGripSignature(request, config);
    const signature = checked instanceof Promise ? await checked : checked;
    if (signature.required && !signature.signed && !options.allowUnsigned) {
      const why = signature.problem === 'missing' ? 'no Grip-Sig header' : 'Grip-Sig did not verify';
      return textResponse(
        `Forbidden: ${why}; requests must come through the configured GRIP proxy\n`,
        403,
        request,
      );
    }
    const state = requestState(request);
    state.prefix = config.prefix;
    state.metaSecret = config.metaSecret;
    const publisher = publisherFor(config, options);
    const ctx: GripContext<Env> = {
      env: platform.env,
      proxied: signature.proxied,
      signed: signature.signed,
      config,
      publisher,
      publish: (channel, content, publishOptions) => publisher.publish(channel, content, publishOptions),
      waitUntil: (promise) =>
        platform.waitUntil(
          promise.catch((error: unknown) => {
            reportError(options, error, request);
          }),
        ),
      holdStream,
      holdLongPoll,
      // Without the header there is nothing to parse, and reading it through Headers would build them.
      lastIds:
        requestHeader(request, 'grip-last') === null ? new Map() : parseGripLast(request, config.prefix),
    };
    const tracked = isWebSocketOverHttp(request) ? trackInFlight(request, state) : null;
    let response: unknown;
    try {
      response = await handler(request, ctx);
    } finally {
      if (tracked !== null) endInFlight(tracked, state);
    }
    // Duck-typed: a Response from another realm (a VM, a polyfill) is still one.
    if (!isResponse(response)) {
      const what = response === null ? 'null' : typeof response;
      throw new TypeError(
        `The handler for ${request.method} ${new URL(request.url).pathname} returned ${what}, not a Response`,
      );
    }
    const answer = withPrefix(response, config.prefix);
    return state.metaSecret === undefined ? answer : await protectMeta(request, state, answer);
  } catch (error) {
    if (isServerError(error)) reportError(options, error, request);
    return errorResponse(error);
  }
}
