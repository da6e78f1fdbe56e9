import { packageBuild } from '../../tsup.package.js';

export default packageBuild({
  entry: ['src/index.ts', 'src/runtimes.ts', 'src/cli.ts', 'src/runtime/child.ts'],
  platform: 'node',
  shims: true,
});
