import type { SoakOptions } from './args.js';
import type { SoakResult } from './run.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined) => (n === undefined ? '–' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;
const cpuPerMessage = (r: SoakResult) => r.cpu.origin / Math.max(1, r.sent);
const percentOfCore = (cpuMs: number, windowMs: number) => `${((100 * cpuMs) / windowMs).toFixed(0)} %`;

function closed(result: SoakResult): string {
  const entries = Object.entries(result.delivery.closedEarly);
  if (entries.length === 0) return '0';
  return entries.map(([code, n]) => `${n} (code ${code})`).join(', ');
}

/** One row per figure, one column per proxy. */
const rows: [string, (r: SoakResult) => string][] = [
  ['clients connected', (r) => `${int(r.connected)} of ${int(r.clients)}`],
  ['failed connect attempts (retried)', (r) => int(r.failedAttempts)],
  ['time to connect all', (r) => seconds(r.connectMs)],
  ['time until every subscription was live (probes)', (r) => seconds(r.probeMs)],
  ['clients not live before traffic', (r) => int(r.notLive)],
  ['senders × rate', (r) => `${r.senders} × ${r.rate} msg/s in total`],
  ['chat messages sent', (r) => int(r.sent)],
  ['sends skipped (sender closed)', (r) => int(r.skipped)],
  ['latest send behind schedule', (r) => ms(r.maxSendLagMs)],
  ['expected deliveries', (r) => int(r.delivery.expected)],
  ['**delivered**', (r) => `**${int(r.delivery.delivered)}**`],
  ['**lost**', (r) => `**${int(r.delivery.lost)}**`],
  ['clients that missed any', (r) => int(r.delivery.clientsWithLoss)],
  ['duplicates', (r) => int(r.delivery.duplicates)],
  ['out of order (per sender)', (r) => int(r.delivery.outOfOrder)],
  ['clients closed early', closed],
  ['socket errors / frames not ours', (r) => `${int(r.delivery.socketErrors)} / ${int(r.delivery.foreign)}`],
  ['latency p50 (send → receive)', (r) => ms(r.latency?.p50)],
  ['latency p99', (r) => ms(r.latency?.p99)],
  ['latency max', (r) => ms(r.latency?.max)],
  ['drain after last send', (r) => seconds(r.drainMs)],
  [
    'deliveries/s (first send to last delivery)',
    (r) => int(r.delivery.delivered / (Math.max(1, r.deliveryMs) / 1000)),
  ],
  ['**origin CPU per message**', (r) => `**${cpuPerMessage(r).toFixed(2)} ms**`],
  ['origin CPU (share of one core)', (r) => percentOfCore(r.cpu.origin, r.cpu.windowMs)],
  [
    'proxy CPU per delivery',
    (r) => `${((1000 * r.cpu.proxy) / Math.max(1, r.delivery.delivered)).toFixed(0)} µs`,
  ],
  ['proxy CPU (share of one core)', (r) => percentOfCore(r.cpu.proxy, r.cpu.windowMs)],
  ['clients CPU (the soak process)', (r) => percentOfCore(r.cpu.clients, r.cpu.windowMs)],
  [
    'other processes on the machine',
    (r) => percentOfCore(r.cpu.machine - r.cpu.origin - r.cpu.proxy - r.cpu.clients, r.cpu.windowMs),
  ],
  [
    'origin requests / publishes during the traffic',
    (r) => `${int(r.originWindow.requests)} / ${int(r.originWindow.published)}`,
  ],
  [
    'origin publish errors / handler errors',
    (r) => `${r.originCounters.publishErrors ?? '?'} / ${r.originCounters.handlerErrors ?? '?'}`,
  ],
  ['proxy warnings logged', (r) => String(r.proxyCounters.warnings ?? '?')],
];

export interface Environment {
  date: string;
  commit: string;
  node: string;
  pushpin: string;
  cpus: string;
  loadBefore: string;
  command: string;
}

const proxyName = (r: SoakResult) => (r.proxy === 'pushpin' ? 'Pushpin' : 'dev proxy');
const originName = (r: SoakResult) => (r.originKind === 'faas-grip' ? 'faas-grip' : '@fanoutio/grip');

/** faas-grip's origin CPU per message over the baseline's, behind the same proxy, where both ran. */
function ratios(results: SoakResult[]): string[] {
  const lines: string[] = [];
  for (const ours of results.filter((r) => r.originKind === 'faas-grip')) {
    const base = results.find((r) => r.originKind === 'fanoutio' && r.proxy === ours.proxy);
    if (base === undefined) continue;
    const ratio = cpuPerMessage(ours) / cpuPerMessage(base);
    lines.push(
      `- behind ${proxyName(ours)}: origin CPU per message, faas-grip / @fanoutio/grip = ${ratio.toFixed(2)}`,
    );
  }
  return lines;
}

export function markdown(results: SoakResult[], options: SoakOptions, env: Environment): string {
  const both = results.some((r) => r.originKind !== 'faas-grip');
  const header = `| | ${results.map((r) => (both ? `${proxyName(r)} · ${originName(r)}` : proxyName(r))).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const body = rows.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`);
  const errors = results
    .filter((r) => r.connectErrors.length > 0)
    .map((r) => `- ${r.proxy}: connect errors seen: ${r.connectErrors.map((e) => `\`${e}\``).join(', ')}`);
  return [
    '# Soak: chat through a GRIP proxy',
    '',
    `${options.clients} WebSocket clients in one room; ${options.senders} of them send chat messages, ` +
      `${options.rate} a second in total, for ${options.seconds} s. Each message goes client → proxy → origin ` +
      '(`ctx.publish`) → proxy → every client. Every client subscribed before the first message, so each ' +
      'expects every message sent. Origin and proxy run in their own processes; CPU is measured from /proc over ' +
      'the traffic window (first send until the drain ended). Everything on 127.0.0.1.' +
      (both
        ? ' The @fanoutio/grip columns run the same chat on the reference GRIP library over node:http, ' +
          'as a baseline for the origin CPU.'
        : ''),
    '',
    `Run ${env.date}, commit ${env.commit}, Node ${env.node}, ${env.pushpin}, ${env.cpus}; ` +
      `load average before: ${env.loadBefore}. Command: \`${env.command}\`.`,
    '',
    header,
    rule,
    ...body,
    ...(errors.length > 0 ? ['', ...errors] : []),
    ...(ratios(results).length > 0 ? ['', ...ratios(results)] : []),
    '',
  ].join('\n');
}
