/** Redis stream ids: `<milliseconds>-<sequence>`, both unsigned 64-bit decimals. */

const maxUint64 = 18446744073709551615n;
const shape = /^(\d{1,20})-(\d{1,20})$/;

export interface StreamId {
  readonly ms: bigint;
  readonly seq: bigint;
}

/**
 * Parses an id as Redis writes it. Anything else (leading zeros, signs,
 * spaces, values past 64 bits, the reserved `0-0`) is not an id this log can
 * have handed out, so it is `undefined` rather than an error.
 */
export function parseStreamId(text: string): StreamId | undefined {
  const match = shape.exec(text);
  if (match === null) return undefined;
  const [, msText = '', seqText = ''] = match;
  if (!canonical(msText) || !canonical(seqText)) return undefined;
  const ms = BigInt(msText);
  const seq = BigInt(seqText);
  if (ms > maxUint64 || seq > maxUint64) return undefined;
  if (ms === 0n && seq === 0n) return undefined;
  return { ms, seq };
}

function canonical(digits: string): boolean {
  return digits === '0' || !digits.startsWith('0');
}

export function compareStreamIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** The smallest id after `id`, or undefined when `id` is the largest one Redis can hold. */
export function nextStreamId(id: StreamId): string | undefined {
  if (id.seq < maxUint64) return `${id.ms}-${id.seq + 1n}`;
  if (id.ms < maxUint64) return `${id.ms + 1n}-0`;
  return undefined;
}
