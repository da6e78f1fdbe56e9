import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DevLog } from '../engine/log.js';
import { type DevProxy, startDevProxy } from '../proxy.js';
import { startPushpin } from '../pushpin/start.js';
import { type Runtime, type RuntimeOrigin, runtimes } from '../runtime/index.js';
import type { DevCommand } from './args.js';
import { freePort } from './ports.js';
import { watchFiles } from './watch.js';

export interface DevSession {
  readonly proxy: DevProxy;
  /** Restarts the handler (what a file change does). */
  reload(reason: string): Promise<void>;
  close(): Promise<void>;
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return env;
}

/**
 * `faas-grip dev`: the proxy on the client port, the handler on its own port
 * behind it, restarted on file changes while the proxy keeps clients connected.
 */
export async function runDev(
  command: DevCommand,
  log: DevLog,
  print: (line: string) => void,
  availableRuntimes: Readonly<Record<string, Runtime>> = runtimes,
): Promise<DevSession> {
  const module = resolve(command.module);
  if (!existsSync(module)) throw new Error(`Handler module ${module} does not exist`);
  const runtime = availableRuntimes[command.runtime];
  if (runtime === undefined) throw new Error(`Unknown runtime ${command.runtime}`);
  const originPort = command.originPort ?? (await freePort());
  const originUrl = `http://127.0.0.1:${originPort}`;
  const proxyOptions = {
    origin: originUrl,
    port: command.port,
    publishPort: command.publishPort,
    hostname: command.hostname,
    sigIss: command.sigIss,
    sigKey: command.sigKey,
    log,
  };
  const proxy =
    command.proxy === 'pushpin' ? await startPushpin(proxyOptions) : await startDevProxy(proxyOptions);
  const env = { ...processEnv(), GRIP_URL: proxy.gripUrl };

  let origin: RuntimeOrigin | undefined;
  let chain = Promise.resolve();
  const start = async () => {
    try {
      origin = await runtime.start({ module, port: originPort, env, log });
      log({ level: 'info', scope: 'runtime', message: `${runtime.name} handler ready (${command.module})` });
    } catch (error) {
      origin = undefined;
      log({
        level: 'error',
        scope: 'runtime',
        message: `${error instanceof Error ? error.message : String(error)}${command.watch ? '; fix it and save to retry' : ''}`,
      });
      if (!command.watch) throw error;
    }
  };
  const reload = (reason: string): Promise<void> => {
    chain = chain.then(async () => {
      log({ level: 'info', scope: 'runtime', message: `reloading: ${reason}` });
      await origin?.stop();
      await start();
    });
    return chain;
  };

  try {
    await start();
  } catch (error) {
    await proxy.close();
    throw error;
  }
  const unwatch = command.watch
    ? watchFiles([dirname(module), ...command.watchPaths.map((p) => resolve(p))], (file) => {
        void reload(`${file} changed`);
      })
    : () => undefined;

  print('');
  print(`  faas-grip dev: ${command.module} on ${runtime.name}, behind the ${command.proxy} proxy`);
  print('');
  print(`  Open       ${proxy.url}/`);
  print(`  WebSocket  ${proxy.wsUrl}/`);
  print(`  Publish    ${proxy.publishUrl}`);
  print(`  GRIP_URL   ${proxy.gripUrl}`);
  print(command.watch ? '\n  Watching for changes. Ctrl-C to stop.\n' : '\n  Ctrl-C to stop.\n');

  let closing: Promise<void> | undefined;
  return {
    proxy,
    reload,
    close() {
      closing ??= (async () => {
        unwatch();
        await chain;
        await origin?.stop();
        await proxy.close();
      })();
      return closing;
    },
  };
}
