import { shown } from './header-syntax.js';

export interface ChannelOptions {
  name: string;
  /** The id of the last item the client has; the proxy fills a gap from the origin. */
  prevId?: string;
  /** Pushpin filters applied to items on this channel (for example `skip-self`). */
  filters?: readonly string[];
}

export type ChannelSpec = string | ChannelOptions;

// Pushpin splits Grip-Channel at commas outside quotes and takes a name up to
// the first semicolon, unquoted: a name, id or filter holding a separator, a
// quote or whitespace would change the parse, and bytes beyond ASCII are read
// differently by different runtimes. Visible ASCII without those is safe.
const CHANNEL_PART = /^[\x21-\x7e]+$/;
const SEPARATORS = /[,;"]/;

function checkPart(kind: string, value: unknown): string {
  if (typeof value !== 'string' || !CHANNEL_PART.test(value) || SEPARATORS.test(value)) {
    throw new TypeError(
      `GRIP ${kind} ${shown(value)} must be non-empty visible ASCII without commas, semicolons, quotes or spaces`,
    );
  }
  return value;
}

/** The `Grip-Channel` header value for one or more channels. */
export function gripChannelHeader(channels: ChannelSpec | readonly ChannelSpec[]): string {
  const list: readonly ChannelSpec[] = Array.isArray(channels) ? channels : [channels as ChannelSpec];
  if (list.length === 0) throw new TypeError('A GRIP hold needs at least one channel');
  return list
    .map((spec) => {
      const channel: { name: unknown; prevId?: unknown; filters?: readonly unknown[] } =
        typeof spec === 'object' && spec !== null ? spec : { name: spec };
      let part = checkPart('channel', channel.name);
      if (channel.prevId !== undefined) part += `; prev-id=${checkPart('prev-id', channel.prevId)}`;
      for (const filter of channel.filters ?? []) part += `; filter=${checkPart('filter', filter)}`;
      return part;
    })
    .join(', ');
}

/** Adds `prefix` to every channel named in a `Grip-Channel` header value. */
export function prefixGripChannelHeader(value: string, prefix: string): string {
  if (prefix === '') return value;
  checkPart('channel prefix', prefix);
  return value
    .split(',')
    .map((part) => {
      const trimmed = part.trim();
      return trimmed === '' ? trimmed : prefix + trimmed;
    })
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * The `Grip-Last` request header the proxy sends after a gap in a channel's
 * ids, as channel → last id (channel names without `prefix`; with a prefix,
 * channels not starting with it are left out).
 */
export function parseGripLast(request: Request, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  const header = request.headers.get('grip-last');
  if (header === null) return result;
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';').map((p) => p.trim());
    if (!rawName) continue;
    // With a prefix, only its channels are this deployment's: `feed` is another one's (or nobody's), not `app-feed`.
    if (!rawName.startsWith(prefix)) continue;
    const name = rawName.slice(prefix.length);
    if (name === '') continue;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq !== -1 && param.slice(0, eq).trim() === 'last-id') result.set(name, param.slice(eq + 1).trim());
    }
  }
  return result;
}
