import type { IncomingMessage } from 'node:http';
import { readBody } from '../body.js';
import { describeError } from '../guard.js';
import { webHeaders } from '../headers.js';
import type { ProxyState } from '../state.js';
import { type HoldInstruction, InstructError, parseHoldInstruction } from './instruct.js';
import { type GripLinks, parseGripLinks } from './link.js';

/** What the origin answered to a `Grip-Link` request. */
export type LinkAnswer =
  /** A stream hold: its body continues the stream, its channels and links replace the old ones. */
  | { kind: 'stream'; body: Buffer; instruction: HoldInstruction; links: GripLinks }
  /** A 2xx without a hold: a page of the stream, maybe with a link to the next one. */
  | { kind: 'page'; body: Buffer; links: GripLinks }
  /** Anything else (an error status, a long-poll hold, bad instructions, no answer in time). */
  | { kind: 'failed'; reason: string };

/**
 * Asks the origin for a link as Pushpin does: a GET of the link, signed like
 * every origin request, with `Grip-Last: <channel>; last-id=<id>` for each
 * channel whose position is known. The answer is read whole, within the time
 * and size limits; it never throws.
 */
export async function fetchLink(
  state: ProxyState,
  path: string,
  gripLast: string[],
  clientHost: string | undefined,
  /** Aborted when the stream that asks ends: its answer is not wanted any more. */
  cancel: AbortSignal,
): Promise<LinkAnswer> {
  const timeout = AbortSignal.timeout(state.limits.linkTimeoutMs);
  const signal = AbortSignal.any([state.closing, cancel, timeout]);
  let response: IncomingMessage | undefined;
  let body: Buffer;
  try {
    response = await state.origin.request({
      method: 'GET',
      path,
      headers: {
        // As Pushpin: the link is on the host the client reached, so that is the Host.
        ...(clientHost === undefined ? {} : { host: clientHost }),
        ...state.gripHeaders(),
        ...(gripLast.length > 0 ? { 'grip-last': gripLast.join(', ') } : {}),
        // The body is appended to the client's stream as it is.
        'accept-encoding': 'identity',
      },
      body: Buffer.alloc(0),
      signal,
    });
    body = await readBody(response, state.limits.originAnswerBytes);
  } catch (error) {
    const reason = timeout.aborted
      ? `no answer within ${state.limits.linkTimeoutMs} ms`
      : `the origin failed: ${describeError(error)}`;
    // Whatever is left of an answer over the limit is not wanted.
    response?.destroy();
    return { kind: 'failed', reason };
  }
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) return { kind: 'failed', reason: `the origin answered ${status}` };
  const headers = webHeaders(response.headers);
  let instruction: HoldInstruction | undefined;
  try {
    instruction = parseHoldInstruction(headers);
  } catch (error) {
    const message = error instanceof InstructError ? error.message : describeError(error);
    return { kind: 'failed', reason: `its GRIP instructions are invalid: ${message}` };
  }
  const links = parseGripLinks(headers.get('grip-link'), path, clientHost, state.limits.linkChars);
  if (instruction === undefined) return { kind: 'page', body, links };
  if (instruction.mode !== 'stream') return { kind: 'failed', reason: 'it answered with a long-poll hold' };
  return { kind: 'stream', body, instruction, links };
}

/** Tells the gone link that the client left, as Pushpin does: an empty POST whose answer is ignored. */
export async function tellGone(
  state: ProxyState,
  path: string,
  log: (level: 'info' | 'warn', message: string) => void,
): Promise<void> {
  try {
    const response = await state.origin.request({
      method: 'POST',
      path,
      headers: state.gripHeaders(),
      body: Buffer.alloc(0),
      signal: AbortSignal.any([state.closing, AbortSignal.timeout(state.limits.linkTimeoutMs)]),
    });
    response.resume();
    log('info', `told ${path} the client left (${response.statusCode})`);
  } catch (error) {
    log('warn', `could not tell ${path} the client left: ${describeError(error)}`);
  }
}
