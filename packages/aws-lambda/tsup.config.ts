import { packageBuild } from '../../tsup.package.js';

export default packageBuild({
  entry: { index: 'src/index.ts', 'local/index': 'src/local/index.ts' },
  platform: 'node',
});
