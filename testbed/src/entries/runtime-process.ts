import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pollUntil, withTimeout } from '../wait.js';

export interface RuntimeCommand {
  /** The runtime's name, for messages. */
  name: string;
  /** The executable. */
  binary: string;
  /** Arguments before the module's path. */
  args: string[];
  /** The module's source (see bundleApp). */
  code: string;
  /** The whole environment of the process: nothing is inherited. */
  env: Record<string, string>;
  /**
   * Where the module serves, when it does not print its URL: it is ready
   * once this answers HTTP at all.
   */
  url?: string;
}

export interface RuntimeProcess {
  readonly url: string;
  /** The last few KB the process wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

const READY_MS = 20_000;
const STOP_MS = 5_000;

/** The last few KB of what the process printed, for failure messages. */
function tail(): { add(chunk: string): void; text(): string } {
  let kept = '';
  return {
    add(chunk) {
      kept = (kept + chunk).slice(-4000);
    },
    text: () => kept.trim() || '(nothing)',
  };
}

function exited(child: ChildProcess): Promise<void> {
  // No pid: the spawn itself failed, and no 'exit' will come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs a module in a runtime's own binary, in a process group of its own
 * (stopping it kills the group, so nothing it started survives), and waits
 * until it prints the URL it listens on, or, given `url`, until that answers.
 */
export async function startRuntime(command: RuntimeCommand): Promise<RuntimeProcess> {
  const dir = await mkdtemp(join(tmpdir(), `fg-${command.name}-`));
  const file = join(dir, 'app.mjs');
  await writeFile(file, command.code);
  const child = spawn(command.binary, [...command.args, file], {
    cwd: dir,
    env: { ...command.env, HOME: dir, TMPDIR: dir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Should the test process end without stop(), the runtime goes with it.
  const orphanGuard = () => killGroup(child, 'SIGKILL');
  process.once('exit', orphanGuard);
  const output = tail();
  child.stderr?.setEncoding('utf8').on('data', output.add);
  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    try {
      await withTimeout(exited(child), STOP_MS, `${command.name} to exit on SIGTERM`);
    } catch {
      killGroup(child, 'SIGKILL');
      await exited(child);
    } finally {
      process.off('exit', orphanGuard);
      await rm(dir, { recursive: true, force: true });
    }
  };
  const died = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `${command.name} exited (${signal ?? code}) before listening; it printed:\n${output.text()}`,
        ),
      ),
    );
  });
  died.catch(() => undefined);
  const printed = new Promise<string>((resolve) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.add(`${line}\n`);
      try {
        const { listening: url } = JSON.parse(line) as { listening?: unknown };
        if (typeof url === 'string') resolve(url);
      } catch {
        // Not the ready line.
      }
    });
  });
  const { url: fixed } = command;
  const answered = (url: string) =>
    pollUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command.name} exited`);
        await (await fetch(url, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
        return url;
      },
      { timeoutMs: READY_MS, intervalMs: 50, what: `${command.name} to answer on ${url}` },
    );
  const listening = Promise.race([fixed === undefined ? printed : answered(fixed), died]);
  try {
    const url = await withTimeout(
      listening,
      READY_MS,
      fixed === undefined
        ? `${command.name} to print the URL it listens on`
        : `${command.name} to listen on ${fixed}`,
    );
    return { url, output: output.text, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
