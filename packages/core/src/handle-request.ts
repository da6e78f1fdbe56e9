import { gripConfigFromEnv } from './config.js';
import type { GripContext, GripHandler, GripOptions, PlatformContext } from './handler.js';
import { parseGripLast, prefixGripChannelHeader } from './http/channel.js';
import { holdLongPoll, holdStream } from './http/hold.js';
import { createPublisher, type Publisher } from './publish/publisher.js';
import { requestState } from './request-state.js';
import { errorResponse, isServerError } from './response.js';
import { verifyGripSignature } from './signature.js';

function reportError(options: GripOptions, error: unknown, request: Request): void {
  if (options.onError) options.onError(error, request);
  else console.error('[faas-grip]', request.method, new URL(request.url).pathname, error);
}

const publishers = new WeakMap<object, Publisher>();

function publisherFor(
  config: ReturnType<typeof gripConfigFromEnv>,
  timeoutMs: number | undefined,
): Publisher {
  if (timeoutMs !== undefined) return createPublisher(config, { timeoutMs });
  let publisher = publishers.get(config);
  if (publisher === undefined) {
    publisher = createPublisher(config);
    publishers.set(config, publisher);
  }
  return publisher;
}

function withPrefix(response: Response, prefix: string): Response {
  const channel = response.headers.get('grip-channel');
  if (prefix === '' || channel === null) return response;
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
    const signature = await verifyGripSignature(request, config);
    if (signature.required && !signature.signed && !options.allowUnsigned) {
      const why = signature.problem === 'missing' ? 'no Grip-Sig header' : 'Grip-Sig did not verify';
      return new Response(`Forbidden: ${why}; requests must come through the configured GRIP proxy\n`, {
        status: 403,
        headers: { 'Content-Type': 'text/plain' },
      });
    }
    requestState(request).prefix = config.prefix;
    const publisher = publisherFor(config, options.publishTimeoutMs);
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
      lastIds: parseGripLast(request, config.prefix),
    };
    const response = await handler(request, ctx);
    return withPrefix(response, config.prefix);
  } catch (error) {
    if (isServerError(error)) reportError(options, error, request);
    return errorResponse(error);
  }
}
