import { parseArgs } from 'node:util';

export interface DevCommand {
  module: string;
  port: number;
  publishPort: number;
  originPort: number | undefined;
  hostname: string;
  runtime: string;
  proxy: 'embedded' | 'pushpin';
  sigIss: string;
  sigKey: string;
  watch: boolean;
  watchPaths: string[];
  verbose: boolean;
  quiet: boolean;
}

export const USAGE = `Usage: faas-grip dev <handler-module> [options]

Serves a handler module (a file exporting a GripHandler as default or as
"handler") behind a GRIP proxy on this machine, and reloads it when files change.

Options:
  --port <n>           port for browsers and clients (default 7999)
  --publish-port <n>   port of the publish API (default 5561)
  --origin-port <n>    port the handler itself listens on (default: a free one)
  --host <addr>        address to bind (default 127.0.0.1)
  --runtime <name>     how to run the handler: {runtimes} (default node)
  --proxy <kind>       embedded (default) or pushpin (the Debian pushpin binary)
  --sig-iss <iss>      Grip-Sig issuer (default pushpin; empty turns signing off)
  --sig-key <key>      Grip-Sig key, text or base64:<b64> (default changeme)
  --watch <path>       also reload when this file or folder changes (repeatable)
  --no-watch           do not reload on changes
  --verbose            also log debug lines (keep-alives, proxy internals)
  --quiet              log warnings and errors only
  -h, --help           show this help
`;

export class UsageError extends Error {}

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--${name} must be a port number, got ${value}`);
  return n;
}

/** Reads `dev` arguments; `undefined` means help was asked for. */
export function parseDevArgs(argv: string[], runtimeNames: readonly string[]): DevCommand | undefined {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Missing the handler module to serve'
        : `Expected one handler module, got ${positionals.join(' ')}`,
    );
  }
  const runtime = values.runtime ?? 'node';
  if (!runtimeNames.includes(runtime)) {
    throw new UsageError(`Unknown runtime ${JSON.stringify(runtime)}; available: ${runtimeNames.join(', ')}`);
  }
  const proxy = values.proxy ?? 'embedded';
  if (proxy !== 'embedded' && proxy !== 'pushpin') {
    throw new UsageError(`--proxy must be embedded or pushpin, got ${JSON.stringify(proxy)}`);
  }
  if (values.verbose && values.quiet) throw new UsageError('--verbose and --quiet contradict each other');
  return {
    module: positionals[0]!,
    port: port(values.port, 'port', 7999),
    publishPort: port(values['publish-port'], 'publish-port', 5561),
    originPort:
      values['origin-port'] === undefined ? undefined : port(values['origin-port'], 'origin-port', 0),
    hostname: values.host ?? '127.0.0.1',
    runtime,
    proxy,
    sigIss: values['sig-iss'] ?? 'pushpin',
    sigKey: values['sig-key'] ?? 'changeme',
    watch: !values['no-watch'],
    watchPaths: values.watch ?? [],
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      'publish-port': { type: 'string' },
      'origin-port': { type: 'string' },
      host: { type: 'string' },
      runtime: { type: 'string' },
      proxy: { type: 'string' },
      'sig-iss': { type: 'string' },
      'sig-key': { type: 'string' },
      watch: { type: 'string', multiple: true },
      'no-watch': { type: 'boolean' },
      verbose: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
