import { fileURLToPath } from 'node:url';
import { serveFrontDoor } from '@faas-grip/aws-lambda/local';
import { startFunction } from '@faas-grip/test-support/vercel';
import { handler } from '../../apps/feed/src/lambda.js';
import { describeFeedEntry } from '../src/suite/feed-entry.js';

const feedDir = fileURLToPath(new URL('../../apps/feed/', import.meta.url));

// src/lambda.ts reads its configuration from process.env, as on Lambda.
describeFeedEntry('AWS Lambda (HTTP API)', async (env, undo) => {
  const saved = { ...process.env };
  const restoreEnv = () => {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
  Object.assign(process.env, env);
  undo(restoreEnv);
  const server = await serveFrontDoor(handler, { kind: 'http-api', hostname: '127.0.0.1' });
  return {
    url: server.url,
    async stop() {
      await server.close();
      restoreEnv();
    },
  };
});

describeFeedEntry('Vercel (api/index.ts)', (env) => startFunction('api/index.ts', env, feedDir));
