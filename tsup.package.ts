import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM and CommonJS with
 * declarations for both. A package's tsup.config.ts names only what differs.
 */
export function packageBuild(options: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    // tsup resolves TypeScript 6 (a peer of API Extractor), whose declaration bundler
    // sets the deprecated baseUrl option itself; the packages' own tsconfigs do not.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    ...options,
  };
}
