import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDeno } from '../src/entries/deno.js';
import type { RuntimeProcess } from '../src/entries/runtime-process.js';
import { pollUntil } from '../src/wait.js';

const SECRET = 'permission-test-secret';

// Deno run without access to the GRIP settings it was given: the function
// must not run as if there were no proxy and no key (anyone could talk to
// it), and must say which flag is missing without showing the settings.
describe('deno without --allow-env for GRIP_URL', () => {
  let origin: RuntimeProcess;

  beforeAll(async () => {
    origin = await startDeno(
      { GRIP_URL: `http://127.0.0.1:9/?iss=pushpin&key=${SECRET}`, GRIP_PREFIX: 'p-' },
      ['GRIP_PREFIX'],
    );
  }, 30_000);
  afterAll(() => origin?.stop());

  test('answers 500 instead of serving unverified, and logs the flag to add', async () => {
    const response = await fetch(`${origin.url}/`, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
    const logged = await pollUntil(
      async () => (origin.output().includes('Deno may not read') ? origin.output() : undefined),
      { timeoutMs: 5000, intervalMs: 50, what: 'deno to log why it answered 500' },
    );
    expect(logged).toContain('Deno may not read GRIP_URL: run it with --allow-env=GRIP_*');
    expect(logged).not.toContain(SECRET);
  });
});
