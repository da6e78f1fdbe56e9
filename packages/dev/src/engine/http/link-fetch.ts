import { describeError } from '../guard.js';
import { headersOfPairs } from '../headers.js';
import type { OriginAnswer, OriginRequest } from '../origin.js';
import type { HttpDeps } from './client.js';
import { type HoldInstruction, InstructError, parseHoldInstruction } from './instruct.js';
import { type GripLinks, parseGripLinks } from './link.js';

const EMPTY = new Uint8Array();

/**
 * `work`, or a rejection as soon as `signal` aborts: an origin in process (a
 * handler) cannot be cut off, but the proxy stops waiting for it. What `work`
 * brings after that goes to `late` (to be given up); a late failure goes nowhere.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, late: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) late(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Sends `request` unless `signal` aborted already; an answer that comes after the abort is given up. */
function sendUnlessAborted(
  deps: HttpDeps,
  request: OriginRequest,
  signal: AbortSignal,
): Promise<OriginAnswer> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return untilAborted(deps.origin.send(request), signal, (answer) => answer.discard());
}

/** Reads an answer's body whole, or gives the body up and rejects when `signal` aborts. */
function readUnlessAborted(answer: OriginAnswer, limit: number, signal: AbortSignal): Promise<Uint8Array> {
  const stop = (): void => answer.discard();
  if (signal.aborted) {
    stop();
    return Promise.reject(signal.reason);
  }
  signal.addEventListener('abort', stop, { once: true });
  return untilAborted(answer.read(limit), signal, () => undefined).finally(() =>
    signal.removeEventListener('abort', stop),
  );
}

/** What the origin answered to a `Grip-Link` request. */
export type LinkAnswer =
  /** A stream hold: its body continues the stream, its channels and links replace the old ones. */
  | { kind: 'stream'; body: Uint8Array; instruction: HoldInstruction; links: GripLinks }
  /** A 2xx without a hold: a page of the stream, maybe with a link to the next one. */
  | { kind: 'page'; body: Uint8Array; links: GripLinks }
  /** Anything else (an error status, a long-poll hold, bad instructions, no answer in time). */
  | { kind: 'failed'; reason: string };

/**
 * Asks the origin for a link as Pushpin does: a GET of the link, signed like
 * every origin request, with `Grip-Last: <channel>; last-id=<id>` for each
 * channel whose position is known. The answer is read whole, within the time
 * and size limits; it never throws.
 */
export async function fetchLink(
  deps: HttpDeps,
  path: string,
  gripLast: string[],
  clientHost: string | undefined,
  /** Aborted when the stream that asks ends: its answer is not wanted any more. */
  cancel: AbortSignal,
): Promise<LinkAnswer> {
  const timeout = AbortSignal.timeout(deps.limits.linkTimeoutMs);
  const signal = AbortSignal.any([deps.closing, cancel, timeout]);
  let response: OriginAnswer | undefined;
  let body: Uint8Array;
  try {
    const headers = {
      // As Pushpin: the link is on the host the client reached, so that is the Host.
      ...(clientHost === undefined ? {} : { host: clientHost }),
      ...(await deps.gripHeaders()),
      ...(gripLast.length > 0 ? { 'grip-last': gripLast.join(', ') } : {}),
      // The body is appended to the client's stream as it is.
      'accept-encoding': 'identity',
    };
    const request: OriginRequest = { method: 'GET', path, headers, body: EMPTY, signal };
    response = await sendUnlessAborted(deps, request, signal);
    body = await readUnlessAborted(response, deps.limits.originAnswerBytes, signal);
  } catch (error) {
    const reason = timeout.aborted
      ? `no answer within ${deps.limits.linkTimeoutMs} ms`
      : `the origin failed: ${describeError(error)}`;
    // Whatever is left of an answer over the limit is not wanted.
    response?.discard();
    return { kind: 'failed', reason };
  }
  const status = response.status;
  if (status < 200 || status > 299) return { kind: 'failed', reason: `the origin answered ${status}` };
  const headers = headersOfPairs(response.rawHeaders);
  let instruction: HoldInstruction | undefined;
  try {
    instruction = parseHoldInstruction(headers);
  } catch (error) {
    const message = error instanceof InstructError ? error.message : describeError(error);
    return { kind: 'failed', reason: `its GRIP instructions are invalid: ${message}` };
  }
  const links = parseGripLinks(headers.get('grip-link'), path, clientHost, deps.limits.linkChars);
  if (instruction === undefined) return { kind: 'page', body, links };
  if (instruction.mode !== 'stream') return { kind: 'failed', reason: 'it answered with a long-poll hold' };
  return { kind: 'stream', body, instruction, links };
}

/** Tells the gone link that the client left, as Pushpin does: an empty POST whose answer is ignored. */
export async function tellGone(
  deps: HttpDeps,
  path: string,
  log: (level: 'info' | 'warn', message: string) => void,
): Promise<void> {
  const signal = AbortSignal.any([deps.closing, AbortSignal.timeout(deps.limits.linkTimeoutMs)]);
  try {
    const request: OriginRequest = {
      method: 'POST',
      path,
      headers: await deps.gripHeaders(),
      body: EMPTY,
      signal,
    };
    const response = await sendUnlessAborted(deps, request, signal);
    response.discard();
    log('info', `told ${path} the client left (${response.status})`);
  } catch (error) {
    log('warn', `could not tell ${path} the client left: ${describeError(error)}`);
  }
}
