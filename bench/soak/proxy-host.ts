/**
 * Runs one GRIP proxy in a child process, so that the dev proxy's CPU time is
 * its own (Pushpin's processes are children of this one, so the soak can
 * measure them as this process's tree). Env: PROXY (pushpin | dev), ORIGIN,
 * PORT, PUBLISH_PORT, SIG_KEY.
 */
import { type DevLog, startDevProxy, startPushpin } from '@faas-grip/dev';
import { answerParent, report } from './ipc.js';

const kind = process.env.PROXY;
let warnings = 0;
// Only problems matter here; the dev proxy's per-publish info lines would flood the terminal.
const log: DevLog = (entry) => {
  if (entry.level !== 'warn' && entry.level !== 'error') return;
  warnings++;
  if (warnings <= 10) console.error(`[soak ${kind}] ${entry.scope}: ${entry.message}`);
};
const options = {
  origin: String(process.env.ORIGIN),
  hostname: '127.0.0.1',
  port: Number(process.env.PORT),
  publishPort: Number(process.env.PUBLISH_PORT),
  sigIss: 'pushpin',
  sigKey: String(process.env.SIG_KEY),
  log,
};
if (kind !== 'pushpin' && kind !== 'dev') throw new Error(`PROXY must be pushpin or dev, not ${kind}`);
const proxy = kind === 'pushpin' ? await startPushpin(options) : await startDevProxy(options);
answerParent(
  () => ({ warnings }),
  () => proxy.close(),
);
report({ type: 'ready', url: proxy.url, wsUrl: proxy.wsUrl, publishUrl: proxy.publishUrl });
