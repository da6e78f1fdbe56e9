import { packageBuild } from '../../tsup.package.js';

// The engine runs where Node does not (workerd): Web APIs only, no shims. Built
// after the Node entries (which clean dist) so that neither removes the other's files.
export default packageBuild({ entry: { engine: 'src/engine/index.ts' }, clean: false });
