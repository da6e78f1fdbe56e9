import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DevLog, warningsToStderr } from '../engine/log.js';
import { gripUrlFor } from '../grip-url.js';
import type { DevProxy, DevProxyOptions } from '../proxy.js';
import { writePushpinConfig } from './config.js';

export interface PushpinOptions
  extends Omit<DevProxyOptions, 'publishBodyLimit' | 'publishHosts' | 'limits'> {
  /** The pushpin runner (default `pushpin` on PATH). */
  bin?: string;
  /**
   * Seconds zurl waits on a silent origin before giving up. Pushpin's own
   * default is 600; tests shorten it so a hung origin fails fast.
   */
  originTimeoutSeconds?: number;
}

/**
 * Instances not yet stopped. A runner killed without SIGTERM leaves its
 * children serving (each has its own process group), so the exit hook stops
 * them too.
 */
const live = new Set<{ runner: ChildProcess; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of live) {
      instance.runner.kill('SIGTERM');
      for (const pid of childPids(instance.dir)) signal(pid, 'SIGTERM');
      try {
        rmSync(instance.dir, { recursive: true, force: true, maxRetries: 2 });
      } catch {
        // Children still shutting down may recreate files; /tmp is cleaned eventually.
      }
    }
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already exited.
  }
}

/** PIDs of this instance's children, from its pid files. */
function childPids(dir: string): number[] {
  const run = join(dir, 'run');
  let names: string[] = [];
  try {
    names = readdirSync(run).filter((name) => name.endsWith('.pid'));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    try {
      const pid = Number(readFileSync(join(run, name), 'utf8').trim());
      // Only processes started for this instance (a stale pid may have been reused).
      if (pid > 1 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) pids.push(pid);
    } catch {
      // Already gone.
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForApi(url: string, runner: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (runner.exitCode !== null || runner.signalCode !== null) {
      throw new Error(`pushpin exited during start-up:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`pushpin's publish API at ${url} did not answer within 15 s:\n${output()}`);
}

/**
 * Starts a private Pushpin (Debian's `pushpin` package) in front of `origin`,
 * with the same options and result as the embedded proxy, so the same
 * handler can be tried against the real thing.
 */
export async function startPushpin(options: PushpinOptions): Promise<DevProxy> {
  const hostname = options.hostname ?? '127.0.0.1';
  const port = options.port ?? 7999;
  const publishPort = options.publishPort ?? 5561;
  if (port === 0 || publishPort === 0)
    throw new RangeError('Pushpin needs fixed ports: pick free ones first');
  const sigIss = options.sigIss ?? 'pushpin';
  const sigKey = options.sigKey ?? 'changeme';
  const log: DevLog = options.log ?? warningsToStderr;
  const origin = new URL(options.origin);
  const dir = await mkdtemp('/tmp/fgdev-');
  const configFile = await writePushpinConfig({
    dir,
    hostname,
    port,
    publishPort,
    origin: `${origin.hostname}:${origin.port || 80}`,
    originPath: origin.pathname,
    sigIss,
    sigKey,
    ...(options.originTimeoutSeconds === undefined
      ? {}
      : { originTimeoutSeconds: options.originTimeoutSeconds }),
  });
  installExitHook();
  const runner = spawn(options.bin ?? 'pushpin', ['--config', configFile, '--merge-output'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const instance = { runner, dir };
  live.add(instance);
  const lines: string[] = [];
  const onData = (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      log({ level: /\[(ERR|WARN)\]/.test(line) ? 'warn' : 'debug', scope: 'pushpin', message: line });
    }
  };
  runner.stdout.setEncoding('utf8').on('data', onData);
  runner.stderr.setEncoding('utf8').on('data', onData);
  const spawned = new Promise<void>((resolve, reject) => {
    runner.once('spawn', resolve);
    runner.once('error', (error) => reject(new Error(`Could not run pushpin: ${error.message}`)));
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (runner.exitCode === null && runner.signalCode === null) {
        const exited = new Promise((resolve) => runner.once('exit', resolve));
        runner.kill('SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), sleep(5000, false)]);
        if (!stopped) runner.kill('SIGKILL');
      }
      // The runner's children have their own process groups and outlive a dead runner.
      const leftovers = childPids(dir);
      for (const pid of leftovers) signal(pid, 'SIGTERM');
      const deadline = Date.now() + 3000;
      while (leftovers.some(alive) && Date.now() < deadline) await sleep(50);
      for (const pid of leftovers.filter(alive)) signal(pid, 'SIGKILL');
      live.delete(instance);
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  const controlUri = `http://${host}:${publishPort}`;
  try {
    await spawned;
    await waitForApi(`${controlUri}/`, runner, () => lines.join('\n'));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    publishUrl: `${controlUri}/publish/`,
    gripUrl: gripUrlFor(controlUri, sigIss, sigKey),
    port,
    publishPort,
    close: stop,
  };
}
