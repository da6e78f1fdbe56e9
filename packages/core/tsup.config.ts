import { packageBuild } from '../../tsup.package.js';

// The adapter entry shares core's modules (the registry of Responses core
// built must be one), so shared code goes into chunks, in both formats.
export default packageBuild({
  entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
  splitting: true,
});
