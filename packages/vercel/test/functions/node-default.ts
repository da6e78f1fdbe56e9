import { handle } from '@faas-grip/vercel';
import { app } from '../app.js';

export default handle(app);
