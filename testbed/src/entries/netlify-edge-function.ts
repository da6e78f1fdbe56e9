import { handle } from '@faas-grip/netlify';
import { conformanceApp } from '../app/index.js';

// The conformance app as a Netlify Edge Function file (`netlify/edge-functions/*.ts`).
export default handle(conformanceApp);
