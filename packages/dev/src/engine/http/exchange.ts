import { describeError, guard } from '../guard.js';
import { clientHeaderPairs, headersOfPairs, namesWebSocketEvents, originHeaders } from '../headers.js';
import { preview } from '../log.js';
import type { OriginAnswer } from '../origin.js';
import { answerPlain, type ClientRequest, type HttpClient, type HttpDeps } from './client.js';
import { type HoldInstruction, InstructError, parseHoldInstruction } from './instruct.js';
import { parseGripLinks } from './link.js';
import { LongPollHold } from './long-poll.js';
import { StreamHold } from './stream-hold.js';

/** How often a stale `prev-id` makes the proxy ask the origin again before holding anyway (Pushpin: 2). */
const MAX_GRIP_LAST_RETRIES = 2;

/** How often one long-poll is asked again because a publish found it behind (each needs a publish). */
const MAX_POLL_RETRIES = 5;

const UNSUPPORTED = ['Grip-Set-Meta', 'Grip-Expose-Headers'];

/**
 * A long-poll's channels whose `prev-id` is behind what was already published
 * there. (A stream recovers through its next link instead, appending to what
 * the first answer sent.)
 */
function staleChannels(deps: HttpDeps, instruction: HoldInstruction): string[] {
  const stale: string[] = [];
  if (instruction.mode !== 'response') return stale;
  for (const channel of instruction.channels) {
    if (channel.prevId === undefined) continue;
    const last = deps.hub.lastId(channel.name);
    if (last !== undefined && last !== channel.prevId)
      stale.push(`${channel.name}; last-id=${channel.prevId}`);
  }
  return stale;
}

/** The scope of a request's log lines. */
function scopeOf(request: Pick<ClientRequest, 'method' | 'path'>): string {
  return `http ${request.method} ${request.path}`;
}

/**
 * Refuses (403) a request whose body claims to be WebSocket-over-HTTP: that
 * comes from the proxy only, and a client sending it would forge connections.
 * True when refused. A transport checks this before reading the body.
 */
export function refusedAsForged(
  deps: Pick<HttpDeps, 'log'>,
  request: Pick<ClientRequest, 'method' | 'path' | 'headers'>,
  client: HttpClient,
): boolean {
  if (!namesWebSocketEvents(request.headers['content-type'])) return false;
  deps.log({
    level: 'warn',
    scope: scopeOf(request),
    message: 'refused (403): the client sent WebSocket events itself',
  });
  answerPlain(client, 403, 'Client not allowed to send WebSocket events directly.');
  return true;
}

/**
 * Refuses (413) a body over `limits.requestBodyBytes`, and asks that the
 * connection close: a transport that learns it before reading the whole
 * body answers at once and reads no more.
 */
export function refuseTooLarge(
  deps: Pick<HttpDeps, 'log' | 'limits'>,
  request: Pick<ClientRequest, 'method' | 'path'>,
  client: HttpClient,
): void {
  const message = `refused (413): the body is larger than ${deps.limits.requestBodyBytes} bytes`;
  deps.log({ level: 'warn', scope: scopeOf(request), message });
  answerPlain(client, 413, 'Request body too large.', [['Connection', 'close']]);
}

/**
 * Proxies one plain HTTP request: the origin's answer is passed on as it is,
 * unless it carries `Grip-Hold`, in which case the proxy holds the request.
 * Whatever goes wrong is an answer to this client and one log line.
 */
export async function proxyHttpRequest(
  deps: HttpDeps,
  request: ClientRequest,
  client: HttpClient,
): Promise<void> {
  if (refusedAsForged(deps, request, client)) return;
  if (request.body.length > deps.limits.requestBodyBytes) {
    refuseTooLarge(deps, request, client);
    return;
  }
  await forward(deps, request, client, originHeaders(request.headers), [], 0);
}

/**
 * Sends the request to the origin and passes on or holds its answer. A
 * long-poll that a publish finds behind its channel comes back here with
 * `gripLast`, as Pushpin retries it; `retries` bounds how often.
 */
async function forward(
  deps: HttpDeps,
  request: ClientRequest,
  client: HttpClient,
  headers: Record<string, string | string[]>,
  firstGripLast: string[],
  retries: number,
): Promise<void> {
  const scope = scopeOf(request);
  const log = (level: 'info' | 'warn' | 'error', message: string) => deps.log({ level, scope, message });
  let gripLast = firstGripLast;
  for (let attempt = 0; ; attempt++) {
    let answer: OriginAnswer;
    try {
      answer = await deps.origin.send({
        method: request.method,
        path: request.path,
        headers: {
          ...headers,
          ...(await deps.gripHeaders()),
          ...(gripLast.length > 0 ? { 'grip-last': gripLast.join(', ') } : {}),
        },
        body: request.body,
      });
    } catch (error) {
      log('error', `origin unreachable: ${describeError(error)}`);
      answerPlain(client, 502, `Error while proxying to origin: ${describeError(error)}`);
      return;
    }
    const instructions = headersOfPairs(answer.rawHeaders);
    for (const name of UNSUPPORTED) {
      if (instructions.has(name)) log('warn', `${name} is not supported by the dev proxy; ignored`);
    }
    let instruction: HoldInstruction | undefined;
    try {
      instruction = parseHoldInstruction(instructions);
    } catch (error) {
      answer.discard();
      const message = error instanceof InstructError ? error.message : describeError(error);
      log('error', `origin's GRIP instructions are invalid: ${message}`);
      answerPlain(client, 502, `Origin's GRIP instructions are invalid: ${message}`);
      return;
    }
    const links = parseGripLinks(
      instructions.get('grip-link'),
      request.path,
      request.host,
      deps.limits.linkChars,
    );
    for (const refused of links.refused) log('warn', `Grip-Link ignored: ${refused}`);
    // A plain answer with a next link is the first page of a stream (read whole, then followed).
    const paged =
      instruction === undefined && links.next !== undefined && answer.status >= 200 && answer.status < 300;
    const held = instruction !== undefined || paged;
    const head = {
      status: answer.status,
      statusText: answer.statusText,
      headers: clientHeaderPairs(answer.rawHeaders, (name) => held && name === 'content-length'),
    };
    if (!held) {
      log('info', `${answer.status}`);
      if (client.closed) answer.discard();
      else client.passOn(head, answer);
      return;
    }
    let body: Uint8Array;
    try {
      body = await answer.read(deps.limits.originAnswerBytes);
    } catch (error) {
      answer.discard();
      log('error', `origin's response to hold could not be read: ${describeError(error)}`);
      answerPlain(client, 502, `Error while reading the origin's response: ${describeError(error)}`);
      return;
    }
    const stale = instruction === undefined ? [] : staleChannels(deps, instruction);
    if (stale.length > 0 && attempt < MAX_GRIP_LAST_RETRIES) {
      gripLast = stale;
      log('info', `prev-id is behind (${stale.join(', ')}); asking the origin again with Grip-Last`);
      continue;
    }
    if (client.closed) return;
    // The proxy shut down (or, in the kit, restarted) while the origin answered: nothing would deliver to a hold.
    if (deps.closing.aborted) {
      client.abort();
      return;
    }
    if (instruction?.mode === 'response') {
      const again =
        retries < MAX_POLL_RETRIES
          ? (stale: string[]) =>
              guard(
                deps.log,
                scope,
                () => forward(deps, request, client, headers, stale, retries + 1),
                () => answerPlain(client, 502, 'The proxy could not ask the origin again.'),
              )
          : undefined;
      new LongPollHold(deps, scope, client, instruction, { head, body }, again).start();
      return;
    }
    if (body.length > 0) log('info', `stream starts with ${preview(body)}`);
    new StreamHold(deps, scope, client, instruction, links, { head, body }, request.host).start();
    return;
  }
}
