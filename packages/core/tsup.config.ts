import { defineConfig } from 'tsup';

const shared = {
  entry: ['src/index.ts'],
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  dts: true,
} as const;

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  // @fanoutio/grip ships only ESM; bundle it so require() works without
  // Node's require(esm) (Jest, webpack and other CommonJS loaders).
  { ...shared, format: 'cjs', noExternal: ['@fanoutio/grip'] },
]);
