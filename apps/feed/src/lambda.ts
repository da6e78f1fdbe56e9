import { handle } from '@faas-grip/aws-lambda';
import { app } from './app.js';

// One function for every AWS front door (API Gateway REST or HTTP API, a
// function URL, an ALB). The history here is the instance's own memory: a
// reconnect or a recovery that reaches another instance gets a reset event.
// For a feed that never misses a headline, pass a shared log to feedApp
// (the Redis log; see README.md).
export const handler = handle(app);
