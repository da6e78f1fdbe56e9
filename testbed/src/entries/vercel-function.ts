import { handle } from '@faas-grip/vercel';
import { conformanceApp } from '../app/index.js';

// The conformance app as a Vercel Function file (`api/*.ts`). The vercel-node
// entry serves it on the Node.js runtime.
export default handle(conformanceApp);
