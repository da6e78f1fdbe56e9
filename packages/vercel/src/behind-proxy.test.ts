import type { GripEnv } from '@faas-grip/core';
import { describeBehindProxy } from '@faas-grip/test-support/behind-proxy';
import { createTestProxy, type TestProxy } from '@faas-grip/testing';
import { handle } from './index.js';

// The function handle() makes; the kit's context stands for the one Vercel passes.
describeBehindProxy('a Vercel function made with handle()', (handler, options) => {
  const proxy: TestProxy<GripEnv> = createTestProxy<GripEnv>(
    {
      fetch: (request, env, ctx) =>
        handle(handler, { env, publishFetch: proxy.publishFetch }).fetch(request, ctx),
    },
    options,
  );
  return proxy;
});
