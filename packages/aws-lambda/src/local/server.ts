import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import type { AlbOptions } from './alb.js';
import { lambdaContext } from './context.js';
import { doorFor } from './doors.js';
import type { HttpApiOptions } from './http-api.js';
import { BodyTooLarge, readIncoming } from './incoming.js';
import { type Reply, textReply, writeReply } from './reply.js';
import type { RestOptions } from './rest.js';

/** Event and result types of each front door. */
export interface FrontDoorTypes {
  rest: { event: APIGatewayProxyEvent; result: APIGatewayProxyResult };
  'http-api': { event: APIGatewayProxyEventV2; result: APIGatewayProxyResultV2 };
  'function-url': { event: APIGatewayProxyEventV2; result: APIGatewayProxyResultV2 };
  alb: { event: ALBEvent; result: ALBResult };
}

export type FrontDoorKind = keyof FrontDoorTypes;

/** A Lambda function as the front door of kind `K` invokes it. */
export type LambdaFunction<K extends FrontDoorKind> = (
  event: FrontDoorTypes[K]['event'],
  context: Context,
) => Promise<FrontDoorTypes[K]['result']> | FrontDoorTypes[K]['result'];

export interface FrontDoorServerOptions {
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  hostname?: string;
  /** How long an invocation may run before the front door gives up (default 30 000 ms). */
  timeoutMs?: number;
  /** `context.functionName` (default `local`). */
  functionName?: string;
  /** Called with errors the function threw (default: console.error, as Lambda logs them). */
  onInvocationError?: (error: unknown) => void;
  /**
   * Largest request body taken (default 6 MiB, Lambda's payload limit; a
   * real ALB passes at most 1 MB to a Lambda target, so set 1 MiB to model
   * that). A larger one gets 413 and the connection is closed, without
   * invoking the function.
   */
  maxBodyBytes?: number;
}

export type FrontDoorOptions = FrontDoorServerOptions &
  (
    | ({ kind: 'rest' } & RestOptions)
    | ({ kind: 'http-api' } & HttpApiOptions)
    | { kind: 'function-url' }
    | ({ kind: 'alb' } & AlbOptions)
  );

export interface FrontDoorServer {
  readonly port: number;
  /** `http://host:port`, plus the stage segment when clients must send one. */
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Serves a Lambda function over plain HTTP the way one AWS front door would:
 * each request becomes that front door's event (with its binary body rules),
 * the function is invoked, and its result becomes the HTTP response under the
 * same rules. Node-only, for local development and tests; see the README for
 * what it does not model.
 */
export async function serveFrontDoor<K extends FrontDoorKind>(
  handler: NoInfer<LambdaFunction<K>>,
  options: Extract<FrontDoorOptions, { kind: K }>,
): Promise<FrontDoorServer> {
  const door = doorFor(options);
  const invoke = handler as (event: unknown, context: Context) => unknown;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const functionName = options.functionName ?? 'local';
  const onError =
    options.onInvocationError ?? ((error: unknown) => console.error('[local front door]', error));

  async function run(event: unknown): Promise<{ reply: Reply } | { result: unknown }> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(() => invoke(event, lambdaContext(functionName, timeoutMs))),
        timedOut,
      ]);
      return outcome === TIMED_OUT ? { reply: door.timeout } : { result: outcome };
    } catch (error) {
      onError(error);
      return { reply: door.failure };
    } finally {
      clearTimeout(timer);
    }
  }

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const incoming = await readIncoming(req, maxBodyBytes);
      // RFC 9112 section 3.2: a request with several Host lines is refused; which one the function saw would
      // otherwise depend on the front door's header mode.
      if (incoming.headers.filter(([name]) => name.toLowerCase() === 'host').length > 1) {
        writeReply(res, textReply(400, 'Bad Request: more than one Host header\n'));
        return;
      }
      const made = door.toEvent(incoming);
      if ('reply' in made) {
        writeReply(res, made.reply);
        return;
      }
      const outcome = await run(made.event);
      writeReply(res, 'reply' in outcome ? outcome.reply : door.toReply(outcome.result, incoming));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is never read, so the connection cannot carry another request.
        res.shouldKeepAlive = false;
        writeReply(res, textReply(413, 'Payload Too Large\n'));
        return;
      }
      // A client that went away before its request was complete has nothing to be answered or reported.
      if (req.destroyed && !req.complete) {
        res.destroy();
        return;
      }
      onError(error);
      if (!res.headersSent) writeReply(res, door.failure);
      else res.destroy();
    }
  }

  const hostname = options.hostname ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void respond(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    port,
    url: `http://${host}:${port}${door.basePath}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
