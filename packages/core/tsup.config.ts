import { packageBuild } from '../../tsup.package.js';

export default [
  packageBuild({ format: 'esm' }),
  // @fanoutio/grip ships only ESM; bundle it so require() works without
  // Node's require(esm) (Jest, webpack and other CommonJS loaders).
  packageBuild({ format: 'cjs', clean: false, noExternal: ['@fanoutio/grip'] }),
];
