import { encodeBase64 } from '../jwt/base64.js';
import { seconds, shown } from './header-syntax.js';

export type HoldKeepAlive =
  | string
  | Uint8Array
  | {
      data: string | Uint8Array;
      /** Seconds of idleness (or the interval) between keep-alives; Pushpin's default is 55. */
      timeout?: number;
      mode?: 'idle' | 'interval';
    };

// Pushpin's cstring format knows only \\, \r, \n and \xHH (another escape
// silently drops its character) and trims spaces off the value; the dev proxy
// knows \\, \r, \n, \t and \". Text is written as a C string only within
// what both read the same: visible ASCII, inner spaces, CR and LF (escaped),
// and none of ; , " (kept out of parameter syntax). Anything else is base64.
function cstring(text: string): string | undefined {
  if (!/^[\x20-\x7e\r\n]+$/.test(text) || /[;,"]/.test(text)) return undefined;
  if (text.startsWith(' ') || text.endsWith(' ')) return undefined;
  return text.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/**
 * A `Grip-Keep-Alive` value. Text is written as a C string (so `\n` survives
 * the header); text that cannot be, and bytes, go as base64.
 */
export function gripKeepAliveHeader(keepAlive: HoldKeepAlive): string {
  const spec =
    typeof keepAlive === 'string' || keepAlive instanceof Uint8Array ? { data: keepAlive } : keepAlive;
  if (typeof spec.data !== 'string' && !(spec.data instanceof Uint8Array)) {
    throw new TypeError(`Grip-Keep-Alive data must be text or bytes, got ${shown(spec.data)}`);
  }
  // The proxy refuses an empty keep-alive.
  if (spec.data.length === 0) throw new TypeError('Grip-Keep-Alive data must not be empty');
  const text = typeof spec.data === 'string' ? cstring(spec.data) : undefined;
  let value: string;
  if (text !== undefined) {
    value = `${text}; format=cstring`;
  } else {
    const data = typeof spec.data === 'string' ? new TextEncoder().encode(spec.data) : spec.data;
    value = `${encodeBase64(data)}; format=base64`;
  }
  if (spec.timeout !== undefined) value += `; timeout=${seconds('Grip-Keep-Alive timeout', spec.timeout)}`;
  if (spec.mode !== undefined) {
    if (spec.mode !== 'idle' && spec.mode !== 'interval') {
      throw new TypeError(`Grip-Keep-Alive mode ${shown(spec.mode)} must be "idle" or "interval"`);
    }
    value += `; mode=${spec.mode}`;
  }
  return value;
}
