import { handle } from '@faas-grip/vercel';
import { app, reportError } from '../app.js';

export const config = { runtime: 'edge' };

export default handle(app, { onError: reportError });
