import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleRequest } from './handle-request.js';

const platform = (env: Record<string, string>) => ({ env, waitUntil: () => undefined });

describe('errors reported to the console when no onError is given', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows a configuration error as one line, with no stack and the key redacted', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const env = { GRIP_URL: 'http://127.0.0.1:5561?iss=pushpin&key=base64:c2VjcmV0&verify-iss=' };
    const response = await handleRequest(
      () => new Response('ran'),
      new Request('http://origin.test/x'),
      platform(env),
    );
    expect(response.status).toBe(500);
    expect(logged).toHaveBeenCalledTimes(1);
    // An Error object would be printed with its stack; a string is printed as it is.
    expect(logged.mock.calls[0]!.every((part) => typeof part === 'string')).toBe(true);
    const line = logged.mock.calls[0]!.join(' ');
    expect(line).toMatch(/^\[faas-grip\] GET \/x GripConfigError: /);
    expect(line).not.toMatch(/\n\s+at /);
    expect(line).not.toContain('c2VjcmV0');
  });

  it("keeps a handler's own error whole, stack included, for its author", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bug = new RangeError('handler bug');
    const response = await handleRequest(
      () => {
        throw bug;
      },
      new Request('http://origin.test/y'),
      platform({}),
    );
    expect(response.status).toBe(500);
    expect(logged).toHaveBeenCalledWith('[faas-grip]', 'GET /y', bug);
  });
});
