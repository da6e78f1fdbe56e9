import type { LogLevel } from '../engine/log.js';
import { runtimes } from '../runtime/index.js';
import { parseDevArgs, USAGE, UsageError } from './args.js';
import { runDev } from './dev.js';
import { terminalLog } from './format.js';

const usage = () => USAGE.replace('{runtimes}', Object.keys(runtimes).join(', '));

/** The `faas-grip` command; resolves with the exit code once it has stopped. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(usage());
    return command === undefined ? 1 : 0;
  }
  if (command !== 'dev') {
    process.stderr.write(`Unknown command ${JSON.stringify(command)}\n\n${usage()}`);
    return 1;
  }
  let parsed: ReturnType<typeof parseDevArgs>;
  try {
    parsed = parseDevArgs(rest, Object.keys(runtimes));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`faas-grip dev: ${error.message}\n\n${usage()}`);
    return 1;
  }
  if (parsed === undefined) {
    process.stdout.write(usage());
    return 0;
  }
  const minLevel: LogLevel = parsed.verbose ? 'debug' : parsed.quiet ? 'warn' : 'info';
  const log = terminalLog({
    write: (line) => process.stdout.write(`${line}\n`),
    color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
    minLevel,
  });
  let session: Awaited<ReturnType<typeof runDev>>;
  try {
    session = await runDev(parsed, log, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    process.stderr.write(`faas-grip dev: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await session.close();
  return 0;
}
