import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The engine, and the testing kit on top of it, must run where Node's globals
// and modules do not exist (workerd without nodejs_compat, browsers). A
// bundle for the browser platform fails to resolve any Node module, and a
// reference to Node's `Buffer` global would only fail there at run time.
const entries = {
  engine: fileURLToPath(new URL('./index.ts', import.meta.url)),
  'testing kit': fileURLToPath(new URL('../../../testing/src/index.ts', import.meta.url)),
};

async function browserBundle(entry: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return { code: file.text, inputs: Object.keys(result.metafile.inputs) };
}

describe('platform-neutral bundles', () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`bundles the ${name} for the browser platform without Node modules or Buffer`, async () => {
      const { code, inputs } = await browserBundle(entry);
      expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
      const buffers = code.split('\n').filter((line) => /(?<![\w$])Buffer(?![\w$])/.test(line));
      expect(buffers).toEqual([]);
    });
  }

  it("takes nothing of the dev package from outside engine/ (the proxy's transports stay out of it)", async () => {
    const { inputs } = await browserBundle(entries.engine);
    const own = inputs.filter((input) => input.includes('packages/dev/src/') || input.startsWith('src/'));
    expect(own.length).toBeGreaterThan(10);
    expect(own.filter((input) => !/(^|\/)src\/engine\//.test(input))).toEqual([]);
  });
});
