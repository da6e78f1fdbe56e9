import { handle } from '@faas-grip/vercel';
import { app } from '../app.js';

export const { GET, POST } = handle(app);
