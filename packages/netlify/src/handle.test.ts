/// <reference types="node" />
import type { GripHandler } from '@faas-grip/core';
import { afterEach, describe, expect, it } from 'vitest';
import { handle, type NetlifyContext } from './index.js';

const greeting: GripHandler = (_request, ctx) => Response.json({ greeting: ctx.env.GREETING ?? null });

type WithNetlify = { Netlify?: unknown };

afterEach(() => {
  delete (globalThis as WithNetlify).Netlify;
  delete process.env.GREETING;
});

/** A context with the fields Netlify documents, recording what is handed to waitUntil. */
function netlifyContext(): NetlifyContext & { handed: Promise<unknown>[] } {
  const handed: Promise<unknown>[] = [];
  const context = {
    handed,
    requestId: '01TESTREQUEST',
    ip: '127.0.0.1',
    geo: {},
    params: {},
    account: { id: 'account' },
    deploy: { context: 'dev', id: 'deploy', published: false },
    site: { id: 'site', name: 'site', url: 'http://localhost' },
    waitUntil(this: unknown, promise: Promise<unknown>) {
      // A method of its context: calling it detached would fail here.
      if (this !== context) throw new TypeError('Illegal invocation');
      handed.push(promise);
    },
  };
  return context;
}

describe('handle', () => {
  it("hands deferred work to the context's waitUntil and answers at once; a failure goes to onError", async () => {
    const errors: unknown[] = [];
    const fn = handle(
      (_request, ctx) => {
        ctx.waitUntil(Promise.reject(new Error('publish failed later')));
        return new Response('accepted', { status: 202 });
      },
      { env: {}, onError: (error) => errors.push(error) },
    );
    const context = netlifyContext();
    const response = await fn(new Request('https://site.netlify.app/'), context);
    expect(response.status).toBe(202);
    expect(context.handed).toHaveLength(1);
    await context.handed[0];
    expect(errors).toEqual([new Error('publish failed later')]);
  });

  it('without a waitUntil on the context, returns the response only once the work is done', async () => {
    let finish: () => void = () => undefined;
    const later = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const fn = handle(
      (_request, ctx) => {
        ctx.waitUntil(later);
        return new Response('accepted', { status: 202 });
      },
      { env: {} },
    );
    let answered = false;
    const pending = fn(new Request('https://site.netlify.app/'), {}).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    finish();
    expect((await pending).status).toBe(202);
  });

  it('reads Netlify.env per request, else process.env; the env option replaces both', async () => {
    const fn = handle(greeting);
    process.env.GREETING = 'from process.env';
    expect(await (await fn(new Request('https://site.netlify.app/'))).json()).toEqual({
      greeting: 'from process.env',
    });
    (globalThis as WithNetlify).Netlify = { env: { toObject: () => ({ GREETING: 'from Netlify.env' }) } };
    expect(await (await fn(new Request('https://site.netlify.app/'))).json()).toEqual({
      greeting: 'from Netlify.env',
    });
    const fromOption = handle(greeting, { env: { GREETING: 'from the option' } });
    expect(await (await fromOption(new Request('https://site.netlify.app/'))).json()).toEqual({
      greeting: 'from the option',
    });
  });

  it('refuses a request without Grip-Sig with 403 when a verification key is configured', async () => {
    const fn = handle(greeting, { env: { GRIP_VERIFY_KEY: 'netlify-test-key' } });
    const response = await fn(new Request('https://site.netlify.app/'), netlifyContext());
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('netlify-test-key');
  });
});
