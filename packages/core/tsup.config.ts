import { packageBuild } from '../../tsup.package.js';

// The adapter and protocol entries share core's modules (the registry of Responses core
// built must be one), so shared code goes into chunks, in both formats.
export default packageBuild({
  entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts', protocol: 'src/protocol.ts' },
  splitting: true,
});
