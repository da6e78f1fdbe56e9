import { handle } from '@faas-grip/netlify';
import { app } from './app.js';

// Netlify Edge Function (Deno): the same app at the edge. Netlify's edge
// bundler resolves imports as Deno does, so this file is bundled first
// (pnpm build:netlify-edge, netlify.toml's build command) into
// netlify/edge-functions/chat.js, which Netlify deploys.
export default handle(app);
