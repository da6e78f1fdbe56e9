import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runtimeBinary } from '../src/entries/runtime-binary.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

const fits = `
import type { GripHandler } from '@faas-grip/core';
import { handle, serve } from '@faas-grip/deno';

declare const app: GripHandler;

Deno.serve(handle(app));
Deno.serve({ hostname: '127.0.0.1', port: 0 }, handle(app, { env: Deno.env.toObject() }));
export default { fetch: handle(app) } satisfies Deno.ServeDefaultExport;
export const server: Promise<{ port: number; url: string; close(): Promise<void> }> = serve(app, { port: 0 });
`;

// The same check must be able to fail: a handler of the wrong shape.
const misfits = `
import type { GripHandler } from '@faas-grip/core';
import { handle } from '@faas-grip/deno';

declare const app: GripHandler;
const wrong: (request: Request) => Promise<number> = handle(app);
`;

// @faas-grip/deno declares the few Deno shapes it uses itself, so that a Node
// project compiles it. Here Deno's own type checker, with Deno's own
// declarations, checks them, the packages installed as npm would lay them
// out (copies in node_modules, not workspace links).
describe('@faas-grip/deno under deno check', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fg-deno-check-'));
    for (const name of ['@faas-grip/core', '@faas-grip/deno']) {
      const from = dirname(require.resolve(`${name}/package.json`));
      const to = join(dir, 'node_modules', name);
      await cp(join(from, 'dist'), join(to, 'dist'), { recursive: true });
      await cp(join(from, 'package.json'), join(to, 'package.json'));
    }
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    await writeFile(join(dir, 'fits.ts'), fits);
    await writeFile(join(dir, 'misfits.ts'), misfits);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('handle and serve fit Deno.serve, deno serve and Deno.ServeDefaultExport; a wrong shape does not', async () => {
    const binary = runtimeBinary('deno', 'deno', process.env.DENO_BIN);
    const result = await run(binary, ['check', 'fits.ts', 'misfits.ts'], {
      cwd: dir,
      env: { HOME: dir, DENO_DIR: join(dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 30_000,
    }).then(
      () => ({ failed: false, output: '' }),
      (error: { stdout?: string; stderr?: string }) => ({
        failed: true,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(result.failed).toBe(true);
    const errors = result.output.match(/TS\d+ \[ERROR\][^\n]*\n(?:.*\n)*?\s+at file:\/\/\S+/g) ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('misfits.ts');
    expect(result.output).not.toMatch(/\/fits\.ts:/);
  }, 40_000);
});
