import { serve } from '@faas-grip/node';
import { app } from './app.js';

// One long-lived process, so the in-memory log sees every publish. GRIP_URL
// tells it where the proxy's publish API is.
const server = await serve(app, { port: Number(process.env.PORT ?? 3000) });
console.log(`feed origin listening on ${server.url}`);
