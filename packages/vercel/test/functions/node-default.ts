import { handle } from '@faas-grip/vercel';
import { app, reportError } from '../app.js';

export default handle(app, { onError: reportError });
