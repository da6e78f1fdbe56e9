import { handle } from '@faas-grip/aws-lambda';
import { app } from './app.js';

// One function for every AWS front door: API Gateway (REST or HTTP API), a
// function URL or an ALB. GRIP_URL (and GRIP_VERIFY_KEY) come from the
// function's environment variables.
export const handler = handle(app);
