import { handle } from '@faas-grip/vercel';
import { app } from '../src/app.js';

// Vercel entry (Node.js runtime): vercel.json sends every path here, and
// GRIP_URL comes from the project's environment variables. The history is
// the instance's memory; see README.md for a log shared by every instance.
export default handle(app);
