import { encodeBytesToBase64String } from '@fanoutio/grip';

export type HoldKeepAlive =
  | string
  | Uint8Array
  | {
      data: string | Uint8Array;
      /** Seconds of idleness (or the interval) between keep-alives; Pushpin's default is 55. */
      timeout?: number;
      mode?: 'idle' | 'interval';
    };

// Bytes that can stand in the header as they are.
const RAW_SAFE = /^[\x20-\x7e]*$/;

function cstring(text: string): string | undefined {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '"') out += '\\"';
    else if (RAW_SAFE.test(ch)) out += ch;
    else return undefined;
  }
  return out;
}

/**
 * A `Grip-Keep-Alive` value. Text is written as a C string (so `\n` survives
 * the header); text that cannot be, and bytes, go as base64.
 */
export function gripKeepAliveHeader(keepAlive: HoldKeepAlive): string {
  const spec =
    typeof keepAlive === 'string' || keepAlive instanceof Uint8Array ? { data: keepAlive } : keepAlive;
  const text = typeof spec.data === 'string' ? cstring(spec.data) : undefined;
  let value: string;
  if (text !== undefined && !/[;,]/.test(text)) {
    value = `${text}; format=cstring`;
  } else {
    const data = typeof spec.data === 'string' ? new TextEncoder().encode(spec.data) : spec.data;
    value = `${encodeBytesToBase64String(data)}; format=base64`;
  }
  if (spec.timeout !== undefined) {
    if (!(spec.timeout > 0))
      throw new RangeError('Grip-Keep-Alive timeout must be a positive number of seconds');
    value += `; timeout=${Math.ceil(spec.timeout)}`;
  }
  if (spec.mode !== undefined) value += `; mode=${spec.mode}`;
  return value;
}
