import type { IncomingMessage, ServerResponse } from 'node:http';
import { preview } from '../log.js';
import { clientHeaderPairs, originHeaders, readBody, webHeaders } from '../origin.js';
import type { ProxyState } from '../state.js';
import { HttpHold } from './hold.js';
import { type HoldInstruction, InstructError, parseHoldInstruction } from './instruct.js';

/** How often a stale `prev-id` makes the proxy ask the origin again before holding anyway (Pushpin: 2). */
const MAX_GRIP_LAST_RETRIES = 2;

const UNSUPPORTED = ['Grip-Link', 'Grip-Set-Meta', 'Grip-Expose-Headers'];

function badGateway(res: ServerResponse, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(`${message}\n`);
  res.writeHead(502, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) });
  res.end(body);
}

/** Channels whose `prev-id` is behind what was already published there. */
function staleChannels(state: ProxyState, instruction: HoldInstruction): string[] {
  const stale: string[] = [];
  for (const channel of instruction.channels) {
    if (channel.prevId === undefined) continue;
    const last = state.hub.lastId(channel.name);
    if (last !== undefined && last !== channel.prevId)
      stale.push(`${channel.name}; last-id=${channel.prevId}`);
  }
  return stale;
}

/**
 * Proxies one plain HTTP request: the origin's answer is passed on as it is,
 * unless it carries `Grip-Hold`, in which case the proxy holds the request.
 */
export async function proxyHttp(state: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const scope = `http ${req.method} ${req.url}`;
  const log = (level: 'info' | 'warn' | 'error', message: string) => state.log({ level, scope, message });
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch {
    return;
  }
  const headers = originHeaders(req.headers);
  let gripLast: string[] = [];
  for (let attempt = 0; ; attempt++) {
    let response: IncomingMessage;
    try {
      response = await state.origin.request({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: {
          ...headers,
          ...state.gripHeaders(),
          ...(gripLast.length > 0 ? { 'grip-last': gripLast.join(', ') } : {}),
        },
        body,
      });
    } catch (error) {
      log('error', `origin unreachable: ${String(error)}`);
      badGateway(res, `Error while proxying to origin: ${String(error)}`);
      return;
    }
    let instruction: HoldInstruction | undefined;
    const instructions = webHeaders(response.headers);
    for (const name of UNSUPPORTED) {
      if (instructions.has(name)) log('warn', `${name} is not supported by the dev proxy; ignored`);
    }
    try {
      instruction = parseHoldInstruction(instructions);
    } catch (error) {
      response.resume();
      const message = error instanceof InstructError ? error.message : String(error);
      log('error', `origin's GRIP instructions are invalid: ${message}`);
      badGateway(res, `Origin's GRIP instructions are invalid: ${message}`);
      return;
    }
    const pairs = clientHeaderPairs(
      response.rawHeaders,
      (name) => instruction !== undefined && name === 'content-length',
    );
    if (instruction === undefined) {
      log('info', `${response.statusCode}`);
      res.writeHead(response.statusCode ?? 502, response.statusMessage ?? '', pairs.flat());
      response.pipe(res);
      res.on('close', () => response.destroy());
      return;
    }
    let initial: Buffer;
    try {
      initial = await readBody(response);
    } catch (error) {
      badGateway(res, `Error while reading the origin's response: ${String(error)}`);
      return;
    }
    const stale = staleChannels(state, instruction);
    if (stale.length > 0 && attempt < MAX_GRIP_LAST_RETRIES) {
      gripLast = stale;
      log('info', `prev-id is behind (${stale.join(', ')}); asking the origin again with Grip-Last`);
      continue;
    }
    if (res.destroyed) return;
    if (initial.length > 0 && instruction.mode === 'stream')
      log('info', `stream starts with ${preview(initial)}`);
    new HttpHold(state, scope, res, instruction, {
      status: response.statusCode ?? 200,
      statusText: response.statusMessage,
      headers: pairs,
      body: initial,
    }).start();
    return;
  }
}
