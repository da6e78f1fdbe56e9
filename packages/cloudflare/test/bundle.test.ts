import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bundleWorker, chatWorkerEntry } from './chat-bundle.js';

// The README reports these numbers; the budget leaves room for growth but
// catches a dependency that drags in a Node polyfill or a second copy of a library.
const gzipBudget = 32 * 1024;

describe('the example chat Worker bundle (esbuild, browser platform, workerd conditions)', () => {
  it('builds with no Node built-in and nothing left external', async () => {
    const bundle = await bundleWorker(chatWorkerEntry);
    console.info(
      `chat Worker bundle: ${bundle.bytes} B minified, ${bundle.gzipBytes} B gzipped (${bundle.inputs.length} modules)`,
    );
    expect(bundle.externalImports).toEqual([]);
    const builtins = new Set(builtinModules);
    const nodeish = bundle.inputs.filter((input) => input.startsWith('node:') || builtins.has(input));
    expect(nodeish).toEqual([]);
    // debug's Node entry (tty, util, os) must lose to its browser entry.
    expect(bundle.inputs.some((input) => /\/debug\/src\/browser\.js$/.test(input))).toBe(true);
    expect(bundle.inputs.some((input) => /\/debug\/src\/node\.js$/.test(input))).toBe(false);
    // jose resolves to its Web Crypto build.
    expect(bundle.inputs.some((input) => /\/jose\/dist\/node\//.test(input))).toBe(false);
    expect(bundle.code).not.toMatch(/\brequire\(["'](node:)?(tty|util|os|crypto|buffer)["']\)/);
    expect(bundle.gzipBytes).toBeLessThan(gzipBudget);
  });
});
