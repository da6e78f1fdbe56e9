import { handle } from '@faas-grip/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { alternate, extraMedian, type Sample } from '../alternate.js';
import { echo } from '../echo/ours.js';
import { pushpinGripSig } from '../grip-sig.js';
import { SIG_ISS, SIG_KEY, VERIFY_ENV } from '../keys.js';
import { type FigureResult, perSecond } from '../report.js';
import { median } from '../stats.js';
import { wsEventV2 } from './event.js';
import { gripLambda } from './grip-handler.js';

type V2Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LambdaOptions {
  rounds: number;
  /** Milliseconds of invocations per side per round. */
  millis: number;
  verify: boolean;
}

const MESSAGE = 'TEXT 5\r\nhello\r\n';

function check(name: string, result: APIGatewayProxyStructuredResultV2, status: number): void {
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8').toString();
  if (result.statusCode !== status || (status === 200 && !body.includes('hello'))) {
    throw new Error(`${name}: expected ${status}, got ${result.statusCode} ${JSON.stringify(body)}`);
  }
}

/** Invokes `handler` back to back for `millis`, with a Grip-Sig that changes once a second as Pushpin's does. */
async function measure(handler: V2Handler, millis: number, sig: (() => string) | undefined): Promise<Sample> {
  let token = sig?.();
  let event = wsEventV2(MESSAGE, token);
  let ops = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + millis;
  while (performance.now() < deadline) {
    // Check the clock only every 64 calls to keep it out of the loop's cost.
    for (let i = 0; i < 64; i++) await handler(event);
    ops += 64;
    if (sig) {
      const now = sig();
      if (now !== token) {
        token = now;
        event = wsEventV2(MESSAGE, token);
      }
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { value: ops / elapsed, extra: { cpuMicros: (used.user + used.system) / ops } };
}

/**
 * Figures 2 and 3: `handle(echo)` for an HTTP API event against the
 * hand-written grip handler, both invoked in this process, with and without
 * Grip-Sig verification.
 */
export async function lambdaFigure(options: LambdaOptions): Promise<FigureResult> {
  const sig = options.verify ? pushpinGripSig() : undefined;
  const ours = handle(echo, { env: options.verify ? VERIFY_ENV : {} }) as V2Handler;
  const grip = gripLambda(options.verify ? new TextEncoder().encode(SIG_KEY) : undefined, SIG_ISS);
  check('handle(echo)', await ours(wsEventV2(MESSAGE, sig?.())), 200);
  check('grip handler', await grip(wsEventV2(MESSAGE, sig?.())), 200);
  if (options.verify) {
    check('handle(echo), unsigned', await ours(wsEventV2(MESSAGE, undefined)), 403);
    check('grip handler, unsigned', await grip(wsEventV2(MESSAGE, undefined)), 403);
  }
  await measure(ours, 300, sig);
  await measure(grip, 300, sig);
  const run = await alternate(
    options.rounds,
    () => measure(ours, options.millis, sig),
    () => measure(grip, options.millis, sig),
  );
  const side = (samples: Sample[]) =>
    `${perSecond(median(samples.map((s) => s.value)))}, ${extraMedian(samples, 'cpuMicros').toFixed(1)} µs CPU/op`;
  const goal = options.verify ? 0.5 : 0.3;
  return {
    title: options.verify
      ? 'Lambda `handle()` in process, HTTP API v2 event, Grip-Sig verified, ops/s'
      : 'the same without a key, ops/s',
    ratio: run.ratio,
    ours: side(run.ours),
    baseline: side(run.baseline),
    goal: `≥ ${goal}`,
    met: run.ratio.median >= goal,
    rounds: options.rounds,
  };
}
