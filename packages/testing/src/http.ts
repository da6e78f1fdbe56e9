import {
  type EngineItem,
  type HoldInstruction,
  type Hub,
  InstructError,
  type OriginExchange,
  type PublishItem,
  parseHoldInstruction,
} from '@faas-grip/dev/engine';
import { DEFAULT_TIMEOUT_MS, withDeadline } from './deadline.js';
import { TestStream } from './stream.js';

/** Headers a proxy does not pass to its client: its own instructions and hop-by-hop ones. */
function forClient(rawHeaders: ReadonlyArray<readonly [string, string]>): Headers {
  const out = new Headers();
  for (const [name, value] of rawHeaders) {
    const lower = name.toLowerCase();
    if (lower.startsWith('grip-') || HOP_BY_HOP.has(lower) || lower === 'content-length') continue;
    out.append(name, value);
  }
  return out;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** What the proxy needs to hold HTTP requests. */
export interface HoldDeps {
  origin: OriginExchange;
  hub: () => Hub;
  gripHeaders(): Record<string, string> | Promise<Record<string, string>>;
  clientHeaders(init: Headers): Record<string, string | string[]>;
  answerLimit: number;
  /** Holds in place, ended when the proxy restarts. */
  open: () => Set<{ shutdown(): void }>;
}

/** The outcome of one HTTP request through the proxy. */
export type HttpOutcome =
  | { kind: 'response'; response: Response }
  | { kind: 'long-poll'; response: Promise<Response>; channels: string[] }
  | { kind: 'stream'; stream: TestStream; channels: string[] };

function subscribeAll(
  hub: Hub,
  instruction: HoldInstruction,
  subscriber: { deliver(item: EngineItem): boolean },
) {
  for (const channel of instruction.channels) hub.subscribe(channel.name, subscriber);
  return () => {
    for (const channel of instruction.channels) hub.unsubscribe(channel.name, subscriber);
  };
}

/**
 * Sends one HTTP request to the handler, signed, and holds it as the handler
 * asked: a long-poll completes with the first `http-response` published on its
 * channels (or the handler's own response at its timeout); a stream gets the
 * handler's body, then each `http-stream` item, until a `close` action.
 */
export async function sendHttp(
  deps: HoldDeps,
  path: string,
  init: RequestInit,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<HttpOutcome> {
  const request = new Request(new URL(path, 'http://localhost'), init);
  const body = new Uint8Array(await request.arrayBuffer());
  const headers = { ...deps.clientHeaders(request.headers), ...(await deps.gripHeaders()) };
  const answer = await withDeadline(
    deps.origin.send({ method: request.method, path, headers, body }),
    timeoutMs,
    () => `waited ${timeoutMs} ms for the handler to answer ${request.method} ${path}`,
  );
  const content = (await answer.read(deps.answerLimit)) as Uint8Array<ArrayBuffer>;
  const headerList = new Headers();
  for (const [name, value] of answer.rawHeaders) headerList.append(name, value);
  let instruction: HoldInstruction | undefined;
  try {
    instruction = parseHoldInstruction(headerList);
  } catch (error) {
    if (!(error instanceof InstructError)) throw error;
    return { kind: 'response', response: new Response(`${error.message}\n`, { status: 502 }) };
  }
  const clientHeaders = forClient(answer.rawHeaders);
  const status = instruction?.status?.code ?? answer.status;
  const nullBody = status === 204 || status === 304 || request.method === 'HEAD';
  if (instruction === undefined) {
    return {
      kind: 'response',
      response: new Response(nullBody ? null : content, { status, headers: clientHeaders }),
    };
  }
  const hub = deps.hub();
  const channels = instruction.channels.map((c) => c.name);
  if (instruction.mode === 'response') {
    const open = deps.open();
    const response = new Promise<Response>((resolve, reject) => {
      let done = false;
      const finish = (result: Response | Error): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        leave();
        open.delete(holder);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const holder = { shutdown: () => finish(new Error(`the proxy dropped the long-poll of ${path}`)) };
      open.add(holder);
      const subscriber = {
        deliver(item: EngineItem): boolean {
          const action = (item as PublishItem).httpResponse;
          if (action === undefined || done) return false;
          const headers = new Headers(action.headers.map(([n, v]) => [n, v] as [string, string]));
          finish(new Response(action.body as Uint8Array<ArrayBuffer>, { status: action.code, headers }));
          return true;
        },
      };
      const leave = subscribeAll(hub, instruction, subscriber);
      const timer = setTimeout(
        () => finish(new Response(nullBody ? null : content, { status, headers: clientHeaders })),
        instruction.timeoutSeconds * 1000,
      );
    });
    return { kind: 'long-poll', response, channels };
  }
  let keepAliveTimer: ReturnType<typeof setTimeout> | undefined;
  const keepAlive = instruction.keepAlive;
  const stream = new TestStream(status, clientHeaders, () => stop(), timeoutMs, path);
  const armKeepAlive = (): void => {
    clearTimeout(keepAliveTimer);
    if (keepAlive === undefined || !stream.isOpen) return;
    keepAliveTimer = setTimeout(() => {
      stream.push(keepAlive.data);
      armKeepAlive();
    }, keepAlive.timeoutSeconds * 1000);
  };
  const subscriber = {
    deliver(item: EngineItem): boolean {
      const action = (item as PublishItem).httpStream;
      if (action === undefined || !stream.isOpen) return false;
      if (action.kind === 'close') stop();
      else {
        stream.push(action.content);
        if (keepAlive?.mode !== 'interval') armKeepAlive();
      }
      return true;
    },
  };
  const leave = subscribeAll(hub, instruction, subscriber);
  const open = deps.open();
  const holder = { shutdown: () => stop() };
  open.add(holder);
  const stop = (): void => {
    clearTimeout(keepAliveTimer);
    leave();
    open.delete(holder);
    stream.end();
  };
  stream.push(content);
  armKeepAlive();
  return { kind: 'stream', stream, channels };
}
