import { serve } from '@faas-grip/node';
import { app } from './app.js';

// Origin for a GRIP proxy: GRIP_URL tells it where to publish.
const server = await serve(app, { port: Number(process.env.PORT ?? 3000) });
console.log(`chat origin listening on ${server.url}`);
