import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the command is killed and reported as hung. */
  timeoutMs?: number;
}

/** `command args...` as one line, for messages that say what ran. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@./:=+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Runs a command without a shell; stdout and stderr come back interleaved, as a terminal shows them. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${commandLine(command, args)} in ${options.cwd}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let output = Buffer.concat(chunks).toString('utf8');
      if (signal === 'SIGKILL') output += `\n[killed after ${timeoutMs} ms]`;
      resolve({ code, output });
    });
  });
}

/** Runs a command that must succeed; a failure names the command, where it ran, and shows its output. */
export async function runOk(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${commandLine(command, args)} (in ${options.cwd}) exited with ${result.code}:\n${result.output}`,
    );
  }
  return result.output;
}
