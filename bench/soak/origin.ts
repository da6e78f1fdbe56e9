/**
 * The soak's origin, run as a child process so its CPU time is its own:
 * the chat handler served by @faas-grip/node on loopback.
 * Env: PORT, GRIP_URL (the proxy's publish API and Grip-Sig key).
 */
import { serve } from '@faas-grip/node';
import { type ChatCounters, chatHandler } from './chat.js';
import { answerParent, report } from './ipc.js';

const counters: ChatCounters = { requests: 0, published: 0, publishErrors: 0 };
let handlerErrors = 0;
const server = await serve(chatHandler(counters), {
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  env: { GRIP_URL: process.env.GRIP_URL },
  onError: (error) => {
    handlerErrors++;
    if (handlerErrors <= 5) console.error('[soak origin] handler error:', String(error));
  },
});
answerParent(
  () => ({ ...counters, handlerErrors }),
  () => server.close(),
);
report({ type: 'ready', url: server.url });
