import { handle } from '@faas-grip/aws-lambda';
import { type FrontDoorOptions, serveFrontDoor } from '@faas-grip/aws-lambda/local';
import { conformanceApp } from '../app/index.js';
import type { OriginEntry } from './types.js';

/**
 * The app as a Lambda function (`handle(conformanceApp)`) behind
 * `@faas-grip/aws-lambda/local`, which speaks to the proxy over HTTP and
 * invokes the function with the events, binary rules and result handling of
 * one AWS front door.
 */
function lambdaEntry(name: string, door: FrontDoorOptions): OriginEntry {
  return {
    name,
    async start(env) {
      const server = await serveFrontDoor(handle(conformanceApp, { env }), {
        ...door,
        hostname: '127.0.0.1',
      });
      return { url: server.url, stop: () => server.close() };
    },
  };
}

// The stages are in the URL (`/prod/…`, `/v1/…`), as on an execute-api
// endpoint: the proxy prefixes client paths with them and the adapter must
// strip them again before the app routes.
export const lambdaRestEntry = lambdaEntry('lambda-rest', {
  kind: 'rest',
  stage: 'prod',
  binaryMediaTypes: ['application/websocket-events'],
});

export const lambdaHttpApiEntry = lambdaEntry('lambda-http-api', {
  kind: 'http-api',
  stage: 'v1',
});

export const lambdaFunctionUrlEntry = lambdaEntry('lambda-function-url', { kind: 'function-url' });

// WebSocket-over-HTTP through an ALB needs multi-value headers (the adapter
// refuses it otherwise); the adapter's own tests cover single-value mode.
export const lambdaAlbEntry = lambdaEntry('lambda-alb', { kind: 'alb', multiValueHeaders: true });
