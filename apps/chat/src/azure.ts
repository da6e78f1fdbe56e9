import { app as functions } from '@azure/functions';
import { handle } from '@faas-grip/azure';
import { app } from './app.js';

// Azure Functions (v4 programming model): one HTTP function for every path.
// host.json sets routePrefix to "" so the paths are the app's own, not
// /api/...; GRIP_URL and GRIP_VERIFY_KEY are application settings.
export const chat = handle(app);

functions.http('chat', {
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
  authLevel: 'anonymous',
  route: '{*path}',
  handler: chat,
});
