import type { DevLog } from './log.js';

/** An error as one short line: its message, never its stack. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Runs a callback the proxy was handed by Node (a request, a socket event, a
 * timer) so that nothing it throws or rejects with reaches the process: the
 * failure is logged as one line and `onError` cleans up what it concerned.
 */
export function guard(
  log: DevLog,
  scope: string,
  run: () => unknown,
  onError?: (error: unknown) => void,
): void {
  const report = (error: unknown) => {
    log({ level: 'error', scope, message: `unexpected failure: ${describeError(error)}` });
    if (onError === undefined) return;
    try {
      onError(error);
    } catch (cleanupError) {
      log({ level: 'error', scope, message: `cleanup failed too: ${describeError(cleanupError)}` });
    }
  };
  try {
    const result = run();
    if (result instanceof Promise) result.catch(report);
  } catch (error) {
    report(error);
  }
}
