/** Turning store failures into errors that are safe to log. */

const maxReasonLength = 200;

/** A stream name as error messages show it: quoted, escaped, shortened. */
export function quoteStream(stream: string): string {
  const shown = stream.length > 64 ? `${stream.slice(0, 64)}…` : stream;
  return JSON.stringify(shown);
}

/**
 * The reason a Redis call failed, in one short line. Client errors can carry a
 * connection URL, credentials included: any `scheme://…` becomes `<url>`, and
 * the original error (with its stack and fields) is not kept.
 */
export function describeFailure(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    text = error.message === '' ? error.name : error.message;
    if (typeof code === 'string' && !text.includes(code)) text = `${code}: ${text}`;
  } else {
    text = typeof error === 'string' ? error : 'unknown failure';
  }
  const line = text
    .replace(/[a-z][a-z0-9+.-]*:\/\/\S*/gi, '<url>')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > maxReasonLength ? `${line.slice(0, maxReasonLength)}…` : line;
}

/** Rejects with `message` if `promise` has not settled after `ms` milliseconds. */
export function withTimeout<T>(promise: Promise<T>, ms: number | false, message: () => string): Promise<T> {
  if (ms === false) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
