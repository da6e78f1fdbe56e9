import { handle } from '@faas-grip/vercel';
import { app, reportError } from '../app.js';

export const { GET, POST } = handle(app, { onError: reportError });
