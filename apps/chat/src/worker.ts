import { handle } from '@faas-grip/cloudflare';
import { app } from './app.js';

// Cloudflare Workers entry: GRIP_URL and GRIP_VERIFY_KEY come from the Worker's secrets.
export default handle(app);
