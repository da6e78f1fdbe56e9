import { packageBuild } from '../../tsup.package.js';

// Neutral: the same build runs in Netlify Functions (Node) and Edge Functions (Deno).
export default packageBuild();
