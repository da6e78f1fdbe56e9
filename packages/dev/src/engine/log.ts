export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  /** What the line is about: `ws 1a2b3c4d`, `http GET /stream`, `publish`, `proxy`. */
  scope: string;
  message: string;
}

/** Where the proxy reports what it does; the CLI prints it, tests may collect it. */
export type DevLog = (entry: LogEntry) => void;

/** Warnings and errors to stderr: what a programmatic user sees when they pass no `log`. */
export const warningsToStderr: DevLog = (entry) => {
  if (entry.level === 'warn' || entry.level === 'error') {
    console.error(`[faas-grip dev] ${entry.scope}: ${entry.message}`);
  }
};

/**
 * Channel names, ids and messages in log lines come from clients, origins and
 * publishers: their control characters become spaces, so that each entry
 * stays one line and none can pass for another.
 */
export function oneLinePerEntry(log: DevLog): DevLog {
  return (entry) =>
    log({
      ...entry,
      scope: entry.scope.replace(/\p{Cc}/gu, ' '),
      message: entry.message.replace(/\p{Cc}/gu, ' '),
    });
}

const utf8Decoder = new TextDecoder();

/** Shortens payloads for log lines. */
export function preview(data: Uint8Array | string, max = 60): string {
  const text = typeof data === 'string' ? data : utf8Decoder.decode(data);
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return `${JSON.stringify(shown)}${typeof data === 'string' ? '' : ` (${data.length} B)`}`;
}
