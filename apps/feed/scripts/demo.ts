/**
 * The live feed behind a GRIP proxy on this machine. By default the proxy is
 * the embedded one from @faas-grip/dev; `--pushpin` (or DEMO_PROXY=pushpin)
 * runs the Debian `pushpin` binary instead. Open the printed URL in a few
 * browser windows and publish headlines from any of them.
 *
 *   npm run demo -- feed [--pushpin] [--port 7999] [--publish-port 5561]
 */
import { parseArgs } from 'node:util';
import { type DevProxy, startDevProxy, startPushpin, terminalLog } from '@faas-grip/dev';
import { serve } from '@faas-grip/node';
import { app } from '../src/app.js';

const { values } = parseArgs({
  options: {
    pushpin: { type: 'boolean' },
    port: { type: 'string' },
    'publish-port': { type: 'string' },
  },
});
const usePushpin = values.pushpin === true || process.env.DEMO_PROXY === 'pushpin';
const port = Number(values.port ?? process.env.PORT ?? 7999);
const publishPort = Number(values['publish-port'] ?? 5561);

const log = terminalLog({
  write: (line) => console.log(line),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
  minLevel: 'info',
});

// The handler reads GRIP_URL from this object on every request: set once the proxy is up.
const env: Record<string, string> = {};
const origin = await serve(app, { port: 0, hostname: '127.0.0.1', env });
let proxy: DevProxy;
try {
  const options = { origin: origin.url, port, publishPort, log };
  proxy = usePushpin ? await startPushpin(options) : await startDevProxy(options);
} catch (error) {
  await origin.close();
  console.error(`Could not start the ${usePushpin ? 'Pushpin' : 'embedded'} proxy: ${String(error)}`);
  console.error('Another program may hold the ports; try --port and --publish-port.');
  process.exit(1);
}
env.GRIP_URL = proxy.gripUrl;

console.log(`
  faas-grip live feed, behind ${usePushpin ? 'Pushpin' : 'the embedded dev proxy'}

  Open ${proxy.url}/ in a few browser windows and publish headlines,
  or from a shell:
    curl -d '{"title":"Hello"}' -H 'Content-Type: application/json' ${proxy.url}/publish

  Ctrl-C to stop.
`);

const stop = async () => {
  await proxy.close();
  await origin.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
