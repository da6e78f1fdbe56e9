import { parseArgs } from 'node:util';

export type ProxyKind = 'pushpin' | 'dev';
/** The origin's library: faas-grip, or @fanoutio/grip as the baseline. */
export type OriginKind = 'faas-grip' | 'fanoutio';

export interface SoakOptions {
  /** WebSocket clients, every one subscribed to the room. */
  clients: number;
  /** Length of the chat traffic, in seconds. */
  seconds: number;
  /** Proxies to run against, one after the other. */
  proxies: ProxyKind[];
  /** Origins to run behind each proxy, one after the other. */
  origins: OriginKind[];
  /** Clients that also send. */
  senders: number;
  /** Chat messages per second, all senders together. */
  rate: number;
  /** Clients opened at once while connecting. */
  batch: number;
  /** Directory for a CPU profile of the origin (`--cpu-prof`), to see where its time per message goes. */
  profileOrigin: string | undefined;
  /** Where the Markdown table goes (default bench/results/soak.md). */
  out: string | undefined;
}

const HELP = `Usage: pnpm --filter @faas-grip/bench soak [options]
  --clients N        WebSocket clients (default 1000)
  --seconds N        seconds of chat traffic (default 60)
  --proxy KIND       pushpin | dev | both (default both)
  --origin KIND      faas-grip | fanoutio (the @fanoutio/grip baseline) | both (default faas-grip)
  --senders N        clients that send chat messages (default 20)
  --rate N           chat messages per second, all senders together (default 5)
  --batch N          clients opened at once (default 50)
  --profile-origin DIR  write a V8 CPU profile of the origin into DIR
  --out FILE         write the results table here (default bench/results/soak.md)`;

function count(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new RangeError(`--${name} must be a number above 0 and at most ${max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

function readFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      seconds: { type: 'string' },
      proxy: { type: 'string' },
      origin: { type: 'string' },
      senders: { type: 'string' },
      rate: { type: 'string' },
      batch: { type: 'string' },
      'profile-origin': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
}

/** Reads the command line; throws with the usage text on anything it does not know. */
export function parseSoakArgs(argv: string[]): SoakOptions {
  let values: ReturnType<typeof readFlags>;
  try {
    values = readFlags(argv);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
  }
  if (values.help) throw new Error(HELP);
  const proxy = values.proxy ?? 'both';
  if (proxy !== 'pushpin' && proxy !== 'dev' && proxy !== 'both') {
    throw new Error(`--proxy must be pushpin, dev or both, not ${JSON.stringify(proxy)}\n${HELP}`);
  }
  const origin = values.origin ?? 'faas-grip';
  if (origin !== 'faas-grip' && origin !== 'fanoutio' && origin !== 'both') {
    throw new Error(`--origin must be faas-grip, fanoutio or both, not ${JSON.stringify(origin)}\n${HELP}`);
  }
  // Limits keep a typo from opening a million sockets or running for a day.
  const clients = Math.floor(count('clients', values.clients, 1000, 20_000));
  const senders = Math.floor(count('senders', values.senders, 20, clients));
  return {
    clients,
    seconds: count('seconds', values.seconds, 60, 3600),
    proxies: proxy === 'both' ? ['pushpin', 'dev'] : [proxy],
    origins: origin === 'both' ? ['faas-grip', 'fanoutio'] : [origin],
    senders: Math.min(senders, clients),
    rate: count('rate', values.rate, 5, 1000),
    batch: Math.floor(count('batch', values.batch, 50, 1000)),
    profileOrigin: values['profile-origin'],
    out: values.out,
  };
}
