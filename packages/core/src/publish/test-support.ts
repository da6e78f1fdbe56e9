// Test support (imported by tests only): a fake `fetch` standing in for the
// publish APIs of one or more GRIP proxies, on Web APIs only so the hostile
// suite can run it inside workerd as well.

/** How the stand-in answers one attempt. */
export type StandInAnswer =
  /** An HTTP answer. `reached` (default true for 2xx) means the proxy took the items before answering. */
  | { status: number; body?: string; headers?: Record<string, string>; reached?: boolean }
  /** Connection refused: nothing reached the proxy. */
  | 'refuse'
  /** The proxy took the items, then the connection dropped before the answer. */
  | 'lost-answer'
  /** No answer until the publisher gives up. */
  | 'hang';

export interface StandInRequest {
  url: string;
  /** `Date.now()` when the attempt arrived. */
  at: number;
  authorization: string | null;
  items: Array<{ channel: string; id?: string; [field: string]: unknown }>;
}

export interface StandInProxies {
  fetch: typeof fetch;
  /** Every attempt, in order. */
  requests: StandInRequest[];
  /** Attempts that reached `host`. */
  requestsTo(host: string): StandInRequest[];
  /** Items each host delivered to subscribers, repeats of an id dropped as Pushpin's id cache does. */
  delivered(host: string): string[];
}

/**
 * Proxies scripted per host: `script[host](attempt)` gives the answer to the
 * attempt-th request (from 0) that host receives. A host without a script
 * refuses connections.
 */
export function standInProxies(script: Record<string, (attempt: number) => StandInAnswer>): StandInProxies {
  const requests: StandInRequest[] = [];
  const deliveredBy = new Map<string, string[]>();
  const seen = new Set<string>();

  const take = (host: string, items: StandInRequest['items']): void => {
    const list = deliveredBy.get(host) ?? [];
    deliveredBy.set(host, list);
    for (const item of items) {
      const key = JSON.stringify([host, item.channel, item.id]);
      if (item.id !== undefined && seen.has(key)) continue;
      seen.add(key);
      list.push(item.id ?? '(no id)');
    }
  };

  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = JSON.parse(String(init?.body)) as { items: StandInRequest['items'] };
    const attempt = requests.filter((r) => new URL(r.url).host === url.host).length;
    requests.push({
      url: url.toString(),
      at: Date.now(),
      authorization: new Headers(init?.headers).get('authorization'),
      items: body.items,
    });
    const answer = script[url.host]?.(attempt) ?? 'refuse';
    if (answer === 'refuse') throw new TypeError('fetch failed');
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    }
    if (answer === 'lost-answer') {
      take(url.host, body.items);
      throw new TypeError('fetch failed');
    }
    if (answer.reached ?? (answer.status >= 200 && answer.status < 300)) take(url.host, body.items);
    const init2: ResponseInit = { status: answer.status };
    if (answer.headers !== undefined) init2.headers = answer.headers;
    return new Response(answer.body ?? '', init2);
  };

  return {
    fetch: fetchFn as typeof fetch,
    requests,
    requestsTo: (host) => requests.filter((r) => new URL(r.url).host === host),
    delivered: (host) => deliveredBy.get(host) ?? [],
  };
}
