import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReport } from './ipc.js';

export interface Child {
  readonly pid: number;
  readonly ready: Extract<ChildReport, { type: 'ready' }>;
  /** The child's counters now (empty if it does not answer within 5 s). */
  counters(): Promise<Record<string, number>>;
  /** Asks the child to stop and waits for its counters (a child that hangs is killed). */
  stop(): Promise<Record<string, number>>;
}

/**
 * Starts `script` (a file next to this one) under tsx, with extra Node flags
 * (`--cpu-prof`, say), and waits for its `ready` report.
 */
export async function startChild(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  timeoutMs = 20_000,
): Promise<Child> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child: ChildProcess = fork(file, [], {
    execArgv: ['--import', 'tsx', ...nodeArgs],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Extract<ChildReport, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} was not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on('message', (message: ChildReport) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited during start-up (code ${code}, signal ${signal})`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });

  let stopping: Promise<Record<string, number>> | undefined;
  return {
    pid: child.pid!,
    ready,
    counters() {
      return new Promise((resolve) => {
        const timer = setTimeout(() => done({}), 5000);
        const onMessage = (message: ChildReport) => {
          if (message.type === 'counters') done(message.counters);
        };
        const done = (counters: Record<string, number>) => {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(counters);
        };
        child.on('message', onMessage);
        child.send({ type: 'counters' });
      });
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return {};
        const stopped = new Promise<Record<string, number>>((resolve) => {
          child.on('message', (message: ChildReport) => {
            if (message.type === 'stopped') resolve(message.counters);
          });
          child.once('exit', () => resolve({}));
        });
        child.send({ type: 'stop' });
        // Pushpin's own shutdown takes up to ~6 s in the worst case (SIGTERM, then its children).
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const counters = await stopped;
        await exited;
        clearTimeout(timer);
        return counters;
      })();
      return stopping;
    },
  };
}
