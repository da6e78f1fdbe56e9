import { packageBuild } from '../../tsup.package.js';

// Web APIs only: the kit runs in Node and inside workerd.
export default packageBuild();
