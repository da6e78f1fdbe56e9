import { handle } from '@faas-grip/google-cloud';
import { app } from './app.js';

// Cloud Run function (Functions Framework): the exported function is the
// target, `functions-framework --target=chat` locally or
// `gcloud functions deploy chat --gen2 --runtime=nodejs20 --trigger-http
// --entry-point=chat` from a folder holding the bundle (pnpm build:google-cloud).
// GRIP_URL and GRIP_VERIFY_KEY are the function's environment variables.
export const chat = handle(app);
