import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil, withTimeout } from '../wait.js';
import type { ProxyLogs } from './logs.js';
import { freePorts } from './ports.js';
import { writePushpinConfig } from './pushpin-config.js';
import type { PreparedProxy, ProxyKind, RunningProxy } from './types.js';

const PUSHPIN_BIN = process.env.PUSHPIN_BIN ?? 'pushpin';

/**
 * Instances not yet stopped. Killing the runner does not stop its children
 * (each has its own process group), so the exit hook sweeps them too.
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

/** PIDs from `run/*.pid` that still belong to this instance's processes. */
function childPids(dir: string): number[] {
  const run = join(dir, 'run');
  let names: string[];
  try {
    names = readdirSync(run).filter((name) => name.endsWith('.pid'));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    try {
      const pid = Number(readFileSync(join(run, name), 'utf8').trim());
      // A stale pid file may name a recycled PID: only touch processes whose
      // command line mentions this instance's directory.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (Number.isInteger(pid) && pid > 1 && cmdline.includes(dir)) pids.push(pid);
    } catch {
      // Gone already.
    }
  }
  return pids;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already exited.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

class PushpinInstance implements RunningProxy, ProxyLogs {
  readonly name = 'pushpin';
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly publishUrl: string;
  private readonly output: string[] = [];
  private runner: ChildProcess | undefined;
  private entry: { runner: ChildProcess; dir: string } | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    httpPort: number,
    private readonly publishPort: number,
  ) {
    this.httpUrl = `http://127.0.0.1:${httpPort}`;
    this.wsUrl = `ws://127.0.0.1:${httpPort}`;
    this.publishUrl = `http://127.0.0.1:${publishPort}/publish/`;
  }

  logs(): string {
    return this.output.join('');
  }

  private fail(message: string): Error {
    return new Error(`${message}\n--- pushpin output (${this.dir}) ---\n${this.logs()}`);
  }

  async start(configFile: string): Promise<void> {
    installExitHook();
    // Not detached: a Ctrl-C on the test run reaches the runner, which stops its children.
    const runner = spawn(PUSHPIN_BIN, ['--config', configFile, '--merge-output'], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.runner = runner;
    this.entry = { runner, dir: this.dir };
    live.add(this.entry);
    runner.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    runner.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    const spawnError = new Promise<never>((_, reject) => {
      runner.once('error', (error) => reject(this.fail(`Could not run ${PUSHPIN_BIN}: ${error.message}`)));
      runner.once('exit', (code, sig) =>
        reject(this.fail(`pushpin exited during start-up (code ${code}, signal ${sig})`)),
      );
    });
    spawnError.catch(() => undefined);
    try {
      await Promise.race([spawnError, this.waitUntilReady()]);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** The publish API answers, then a request makes it through to the origin. */
  private async waitUntilReady(): Promise<void> {
    const api = `http://127.0.0.1:${this.publishPort}/`;
    await pollUntil(
      async () => {
        const response = await fetch(api, { signal: AbortSignal.timeout(1000) });
        const text = await response.text();
        return text.includes('Pushpin API') ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 25, what: `pushpin's publish API at ${api}` },
    ).catch((error: unknown) => {
      throw this.fail(String(error));
    });
    // Any answer that Pushpin did not make up itself shows the route to the origin works.
    await pollUntil(
      async () => {
        const response = await fetch(`${this.httpUrl}/`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        return response.status === 502 || response.status === 503 || response.status === 504
          ? undefined
          : true;
      },
      {
        timeoutMs: 15_000,
        intervalMs: 50,
        what: `a request through pushpin at ${this.httpUrl} to the origin`,
      },
    ).catch((error: unknown) => {
      throw this.fail(String(error));
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const runner = this.runner;
    if (runner !== undefined) {
      runner.kill('SIGTERM');
      // The runner stops its children and exits in about a second.
      await withTimeout(exited(runner), 5000, 'pushpin runner to exit after SIGTERM').catch(() => {
        runner.kill('SIGKILL');
      });
    }
    // Children orphaned by a runner that died first keep serving: stop them one by one.
    let leftovers = childPids(this.dir);
    for (const pid of leftovers) signal(pid, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (leftovers.some(isAlive) && Date.now() < deadline) await sleep(50);
    leftovers = leftovers.filter(isAlive);
    for (const pid of leftovers) signal(pid, 'SIGKILL');
    if (this.entry !== undefined) live.delete(this.entry);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The Debian `pushpin` binary, one instance per test file, on free loopback ports. */
export const pushpin: ProxyKind = {
  name: 'pushpin',
  async prepare(): Promise<PreparedProxy> {
    const [httpPort, publishPort] = (await freePorts(2)) as [number, number];
    const sigKeyBase64 = randomBytes(32).toString('base64');
    // Short, because Pushpin's unix sockets live under it.
    const dir = await mkdtemp('/tmp/fgp-');
    let started = false;
    return {
      originEnv: {
        GRIP_URL: `http://127.0.0.1:${publishPort}?iss=pushpin&key=base64:${sigKeyBase64}`,
      },
      async start(originUrl) {
        if (started) throw new Error('This prepared pushpin was already started');
        started = true;
        const origin = new URL(originUrl);
        const configFile = await writePushpinConfig({
          dir,
          httpPort,
          publishPort,
          sigKeyBase64,
          origin: `${origin.hostname}:${origin.port}`,
          originPath: origin.pathname.replace(/\/+$/, ''),
          originTimeoutSeconds: 30,
        });
        const instance = new PushpinInstance(dir, httpPort, publishPort);
        await instance.start(configFile);
        return instance;
      },
    };
  },
};
