import { readBody } from './body.js';
import type { OriginAnswer, OriginExchange } from './engine/origin.js';
import { isConnectFailure, type Origin } from './origin.js';

/** The origin server over node:http, as the engine's connections use it. */
export function nodeOrigin(origin: Origin): OriginExchange {
  return {
    async send(request): Promise<OriginAnswer> {
      const response = await origin.request({
        ...request,
        body: Buffer.from(request.body.buffer, request.body.byteOffset, request.body.length),
      });
      const rawHeaders: Array<[string, string]> = [];
      for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
        rawHeaders.push([response.rawHeaders[i]!, response.rawHeaders[i + 1]!]);
      }
      return {
        status: response.statusCode ?? 502,
        statusText: response.statusMessage ?? '',
        rawHeaders,
        read: async (limit) => {
          try {
            return await readBody(response, limit);
          } catch (error) {
            response.destroy();
            throw error;
          }
        },
        chunks: () => response,
        discard: () => response.resume(),
      };
    },
    retryable: isConnectFailure,
  };
}
