import { describe, expect, it } from 'vitest';
import { serve } from './serve.js';

describe('serve', () => {
  it('serves a handler on a free port with the env it was given, and close() waits for waitUntil work', async () => {
    let finished = false;
    const server = await serve(
      (request, ctx) => {
        ctx.waitUntil(
          new Promise<void>((resolve) =>
            setTimeout(() => {
              finished = true;
              resolve();
            }, 50),
          ),
        );
        return new Response(`${new URL(request.url).pathname} ${ctx.env.GREETING}`);
      },
      { port: 0, env: { GREETING: 'hello' } },
    );
    expect(server.port).toBeGreaterThan(0);
    const response = await fetch(`${server.url}/path`);
    expect(await response.text()).toBe('/path hello');
    await server.close();
    expect(finished).toBe(true);
  });

  it('refuses unsigned requests when the env configures a key', async () => {
    const server = await serve(() => new Response('secret'), {
      port: 0,
      env: { GRIP_URL: 'http://127.0.0.1:5561?iss=pushpin&key=changeme' },
    });
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
