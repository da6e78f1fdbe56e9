import type { IncomingMessage, ServerResponse } from 'node:http';
import { announcesMoreThan, BodyTooLargeError, readBody } from '../body.js';
import { describeError, guard } from '../guard.js';
import { clientHeaderPairs, namesWebSocketEvents, originHeaders, webHeaders } from '../headers.js';
import { preview } from '../log.js';
import type { ProxyState } from '../state.js';
import { HttpHold } from './hold.js';
import { type HoldInstruction, InstructError, parseHoldInstruction } from './instruct.js';
import { parseGripLinks } from './link.js';
import { StreamHold } from './stream-hold.js';

/** How often a stale `prev-id` makes the proxy ask the origin again before holding anyway (Pushpin: 2). */
const MAX_GRIP_LAST_RETRIES = 2;

/** How often one long-poll is asked again because a publish found it behind (each needs a publish). */
const MAX_POLL_RETRIES = 5;

const UNSUPPORTED = ['Grip-Set-Meta', 'Grip-Expose-Headers'];

/** A plain-text answer from the proxy itself (or a dropped connection, once a response has started). */
export function plainAnswer(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(`${message}\n`);
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length), ...extra });
  res.end(body);
}

function badGateway(res: ServerResponse, message: string): void {
  plainAnswer(res, 502, message);
}

/**
 * A long-poll's channels whose `prev-id` is behind what was already published
 * there. (A stream recovers through its next link instead, appending to what
 * the first answer sent.)
 */
function staleChannels(state: ProxyState, instruction: HoldInstruction): string[] {
  const stale: string[] = [];
  if (instruction.mode !== 'response') return stale;
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
  // WebSocket-over-HTTP comes from the proxy only; a client sending it would forge connections.
  if (namesWebSocketEvents(req.headers['content-type'])) {
    log('warn', 'refused (403): the client sent WebSocket events itself');
    plainAnswer(res, 403, 'Client not allowed to send WebSocket events directly.');
    return;
  }
  const limit = state.limits.requestBodyBytes;
  // The answer goes out before the body is read; the connection then closes.
  const tooLarge = () => {
    log('warn', `refused (413): the body is larger than ${limit} bytes`);
    plainAnswer(res, 413, 'Request body too large.', { Connection: 'close' });
  };
  if (announcesMoreThan(req, limit)) {
    tooLarge();
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) tooLarge();
    else log('info', `client request ended early: ${describeError(error)}`);
    return;
  }
  await forward(state, req, res, body, originHeaders(req.headers), [], 0);
}

/**
 * Sends the request to the origin and passes on or holds its answer. A
 * long-poll that a publish finds behind its channel comes back here with
 * `gripLast`, as Pushpin retries it; `retries` bounds how often.
 */
async function forward(
  state: ProxyState,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  headers: Record<string, string | string[]>,
  firstGripLast: string[],
  retries: number,
): Promise<void> {
  const scope = `http ${req.method} ${req.url}`;
  const log = (level: 'info' | 'warn' | 'error', message: string) => state.log({ level, scope, message });
  let gripLast = firstGripLast;
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
      log('error', `origin unreachable: ${describeError(error)}`);
      badGateway(res, `Error while proxying to origin: ${describeError(error)}`);
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
    const links = parseGripLinks(
      instructions.get('grip-link'),
      req.url ?? '/',
      req.headers.host,
      state.limits.linkChars,
    );
    for (const refused of links.refused) log('warn', `Grip-Link ignored: ${refused}`);
    // A plain answer with a next link is the first page of a stream (read whole, then followed).
    const status = response.statusCode ?? 502;
    const paged = instruction === undefined && links.next !== undefined && status >= 200 && status < 300;
    const pairs = clientHeaderPairs(
      response.rawHeaders,
      (name) => (instruction !== undefined || paged) && name === 'content-length',
    );
    if (instruction === undefined && !paged) {
      log('info', `${response.statusCode}`);
      res.writeHead(response.statusCode ?? 502, response.statusMessage ?? '', pairs.flat());
      response.pipe(res);
      res.on('close', () => response.destroy());
      return;
    }
    let initial: Buffer;
    try {
      initial = await readBody(response, state.limits.originAnswerBytes);
    } catch (error) {
      response.destroy();
      log('error', `origin's response to hold could not be read: ${describeError(error)}`);
      badGateway(res, `Error while reading the origin's response: ${describeError(error)}`);
      return;
    }
    const stale = instruction === undefined ? [] : staleChannels(state, instruction);
    if (stale.length > 0 && attempt < MAX_GRIP_LAST_RETRIES) {
      gripLast = stale;
      log('info', `prev-id is behind (${stale.join(', ')}); asking the origin again with Grip-Last`);
      continue;
    }
    if (res.destroyed) return;
    const held = {
      status: response.statusCode ?? 200,
      statusText: response.statusMessage,
      headers: pairs,
      body: initial,
    };
    if (instruction?.mode === 'response') {
      const again =
        retries < MAX_POLL_RETRIES
          ? (stale: string[]) =>
              guard(
                state.log,
                scope,
                () => forward(state, req, res, body, headers, stale, retries + 1),
                () => badGateway(res, 'The dev proxy could not ask the origin again.'),
              )
          : undefined;
      new HttpHold(state, scope, res, instruction, held, again).start();
      return;
    }
    if (initial.length > 0) log('info', `stream starts with ${preview(initial)}`);
    new StreamHold(state, scope, res, instruction, links, held, req.headers.host).start();
    return;
  }
}
