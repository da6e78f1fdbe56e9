import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ToChild, ToParent } from './ipc.js';

export interface Child {
  readonly url: string;
  /** CPU µs (user + system) the child has used so far. */
  cpuMicros(): Promise<number>;
  /** Hands the child a job and waits for its result. */
  run<T>(job: unknown, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

let tasksetWorks: boolean | undefined;
/** Whether `taskset` exists and this machine has the core asked for. */
export function canPin(core: number): boolean {
  tasksetWorks ??= (() => {
    try {
      execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  return tasksetWorks && core < availableParallelism();
}

function nextMessage<T extends ToParent['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  what: string,
): Promise<Extract<ToParent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ToParent) => {
      if (message.type === type) done(undefined, message as Extract<ToParent, { type: T }>);
    };
    const onExit = (code: number | null) => done(new Error(`${what}: exited (code ${code})`));
    const done = (error?: Error, message?: Extract<ToParent, { type: T }>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as Extract<ToParent, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts `script` (relative to this directory) under tsx, pinned to `core`
 * with `taskset` when it can be, and waits for it to report ready.
 */
export async function startChild(script: string, env: Record<string, string>, core?: number): Promise<Child> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const node = [process.execPath, '--import', 'tsx', file];
  const pinned = core !== undefined && canPin(core);
  const [command, ...args] = pinned ? ['taskset', '-c', String(core), ...node] : node;
  const child = spawn(command as string, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const send = (message: ToChild) => child.send(message);
  let ready: Extract<ToParent, { type: 'ready' }>;
  try {
    ready = await nextMessage(child, 'ready', 30_000, script);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: ready.url,
    async cpuMicros() {
      const answer = nextMessage(child, 'cpu', 5000, script);
      send({ type: 'cpu' });
      return (await answer).micros;
    },
    async run<T>(job: unknown, timeoutMs: number) {
      const answer = nextMessage(child, 'result', timeoutMs, script);
      send({ type: 'run', job });
      return (await answer).value as T;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
