/**
 * The one method the log needs from a Redis client. node-redis clients have it
 * as they are; wrap ioredis as `{ sendCommand: (args) => redis.call(args[0]!, ...args.slice(1)) }`.
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

const hashes = new Map<string, Promise<string | undefined>>();

async function sha1Hex(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return undefined;
  const digest = await subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** Runs one Lua script through one client. */
export type ScriptRunner = (key: string, args: readonly string[]) => Promise<unknown>;

/**
 * Sends the script's source (EVAL, which also caches it on the server) until
 * the server has it, then only its hash (EVALSHA), going back to EVAL when the
 * server answers NOSCRIPT (a restart, a failover, SCRIPT FLUSH). Sending EVAL
 * first rather than trying EVALSHA keeps calls made at once from one process
 * in the order they were made: no call needs a second round trip that a later
 * one could overtake, except right after the server lost its scripts.
 */
export function scriptRunner(client: RedisCommandClient, source: string): ScriptRunner {
  let hash = hashes.get(source);
  if (hash === undefined) {
    hash = sha1Hex(source).catch(() => undefined);
    hashes.set(source, hash);
  }
  const sha = hash;
  let cached = false;
  return async (key, args) => {
    const digest = await sha;
    if (cached && digest !== undefined) {
      try {
        return await client.sendCommand(['EVALSHA', digest, '1', key, ...args]);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        cached = false;
      }
    }
    const reply = await client.sendCommand(['EVAL', source, '1', key, ...args]);
    cached = true;
    return reply;
  };
}
