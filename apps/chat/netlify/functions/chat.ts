import { handle } from '@faas-grip/netlify';
import { app } from '../../src/app.js';

// Netlify Function (v2): every path of the site, the page and the chat
// WebSocket (through the GRIP proxy) alike.
export default handle(app);

export const config = { path: '/*' };
