import type { DevLog, LogLevel } from '../engine/log.js';

const COLORS: Record<LogLevel, string> = { debug: '\x1b[90m', info: '', warn: '\x1b[33m', error: '\x1b[31m' };
const SCOPE_COLOR = '\x1b[36m';
const RESET = '\x1b[0m';

/** One log line per event: time, scope (which connection), message. */
export function terminalLog(options: {
  write: (line: string) => void;
  color: boolean;
  minLevel: LogLevel;
}): DevLog {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(options.minLevel);
  return (entry) => {
    if (order.indexOf(entry.level) < min) return;
    const time = new Date().toTimeString().slice(0, 8);
    const scope = entry.scope.padEnd(12);
    const tag = entry.level === 'warn' ? 'warning: ' : entry.level === 'error' ? 'error: ' : '';
    if (!options.color) {
      options.write(`${time} ${scope} ${tag}${entry.message}`);
      return;
    }
    const color = COLORS[entry.level];
    options.write(
      `\x1b[90m${time}${RESET} ${SCOPE_COLOR}${scope}${RESET} ${color}${tag}${entry.message}${color ? RESET : ''}`,
    );
  };
}
