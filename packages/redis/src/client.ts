/**
 * The one method the log needs from a Redis client. node-redis clients have it
 * as they are; wrap ioredis as `{ sendCommand: (args) => redis.call(args[0]!, ...args.slice(1)) }`.
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A script and, once computed, its SHA-1 for EVALSHA. */
export interface LuaScript {
  readonly source: string;
  sha?: Promise<string | undefined>;
}

export function luaScript(source: string): LuaScript {
  return { source };
}

async function sha1Hex(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return undefined;
  const digest = await subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs a script by its hash, sending the source only when the server does not
 * have it cached (first use, or after a restart or SCRIPT FLUSH).
 */
export async function runScript(
  client: RedisCommandClient,
  script: LuaScript,
  key: string,
  args: readonly string[],
): Promise<unknown> {
  script.sha ??= sha1Hex(script.source).catch(() => undefined);
  const sha = await script.sha;
  if (sha !== undefined) {
    try {
      return await client.sendCommand(['EVALSHA', sha, '1', key, ...args]);
    } catch (error) {
      if (!isNoScript(error)) throw error;
    }
  }
  return client.sendCommand(['EVAL', script.source, '1', key, ...args]);
}
