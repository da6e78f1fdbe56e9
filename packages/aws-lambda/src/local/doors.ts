import { albEvent, albReply } from './alb.js';
import { functionUrlEvent, httpApiBasePath, httpApiEvent, v2Reply } from './http-api.js';
import type { Incoming } from './incoming.js';
import { jsonReply, type Made, type Reply, textReply } from './reply.js';
import { restBasePath, restEvent, restReply } from './rest.js';
import type { FrontDoorOptions } from './server.js';

/**
 * One front door's translation, without its HTTP server: a request into the
 * event it sends, the function's result into its answer, and its own
 * answers when the function fails or runs out of time. The local server and
 * in-process tests use this one table.
 */
export interface Door {
  basePath: string;
  toEvent(incoming: Incoming): Made<unknown>;
  toReply(result: unknown, incoming: Incoming): Reply;
  /** The front door's answer when the function fails or returns something it cannot use. */
  failure: Reply;
  timeout: Reply;
}

export function doorFor(options: FrontDoorOptions): Door {
  switch (options.kind) {
    case 'rest':
      return {
        basePath: restBasePath(options),
        toEvent: (incoming) => restEvent(incoming, options),
        toReply: (result, incoming) => restReply(result, incoming, options),
        failure: jsonReply(502, { message: 'Internal server error' }),
        timeout: jsonReply(504, { message: 'Endpoint request timed out' }),
      };
    case 'http-api': {
      const failure = jsonReply(500, { message: 'Internal Server Error' });
      return {
        basePath: httpApiBasePath(options),
        toEvent: (incoming) => httpApiEvent(incoming, options),
        toReply: (result) => v2Reply(result, failure),
        failure,
        timeout: jsonReply(503, { message: 'Service Unavailable' }),
      };
    }
    case 'function-url': {
      const failure = textReply(502, 'Internal Server Error');
      return {
        basePath: '',
        toEvent: (incoming) => ({ event: functionUrlEvent(incoming) }),
        toReply: (result) => v2Reply(result, failure),
        failure,
        timeout: textReply(502, 'Internal Server Error'),
      };
    }
    case 'alb':
      return {
        basePath: '',
        toEvent: (incoming) => ({ event: albEvent(incoming, options) }),
        toReply: (result) => albReply(result, options),
        failure: textReply(502, '502 Bad Gateway\n'),
        timeout: textReply(504, '504 Gateway Time-out\n'),
      };
  }
}
