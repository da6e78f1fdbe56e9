import { handle } from '@faas-grip/vercel';
import { app } from '../src/app.js';

// Vercel entry (Node.js runtime): vercel.json sends every path here, and
// GRIP_URL comes from the project's environment variables.
export default handle(app);
