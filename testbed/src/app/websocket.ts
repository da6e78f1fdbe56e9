import { type GripHandler, getWebSocket, type WebSocketContext } from '@faas-grip/core';

/** The token `/ws/private` wants in its query string. */
export const PRIVATE_TOKEN = 'letmein';

/**
 * The seed's loop over one request's messages: opening connections are
 * accepted, each message goes to `onMessage` (which returns `'stop'` to end
 * the loop), and a client's close or disconnect is answered with a close.
 */
async function eachMessage(
  request: Request,
  onMessage: (ws: WebSocketContext, message: string | Uint8Array) => 'stop' | undefined,
): Promise<Response> {
  const ws = await getWebSocket(request);
  if (ws.isOpening()) ws.accept();
  while (ws.canRecv()) {
    const message = ws.recvRaw();
    if (message === null) {
      ws.close();
      break;
    }
    if (onMessage(ws, message) === 'stop') break;
  }
  return ws.toResponse();
}

/** {@link eachMessage} for handlers that read text, as `recv()` gives it. */
function eachText(request: Request, onText: (ws: WebSocketContext, text: string) => 'stop' | undefined) {
  return eachMessage(request, (ws, message) =>
    onText(ws, typeof message === 'string' ? message : new TextDecoder().decode(message)),
  );
}

/** Echoes text as text and bytes as bytes; a client's close is echoed with its code and reason. */
export const echo: GripHandler = (request) =>
  eachMessage(request, (ws, message) => {
    if (typeof message === 'string') ws.send(message);
    else ws.sendBinary(message);
    return undefined;
  });

/** Answers each message with its size, so large client messages need no large reply. */
export const measure: GripHandler = (request) =>
  eachMessage(request, (ws, message) => {
    const size = typeof message === 'string' ? new TextEncoder().encode(message).length : message.length;
    ws.send(`${typeof message === 'string' ? 'text' : 'binary'} ${size} bytes`);
    return undefined;
  });

/** `close <code> <reason>` makes the server close the connection with that code and reason. */
export const closer: GripHandler = (request) =>
  eachText(request, (ws, message) => {
    const match = /^close (\d+) ?(.*)$/s.exec(message);
    if (match === null) {
      ws.send(`expected "close <code> <reason>", got ${JSON.stringify(message)}`);
      return undefined;
    }
    ws.close(Number(match[1]), match[2]);
    return 'stop';
  });

/**
 * `set <name> <value>` stores meta on the connection; `get <name>` answers
 * `<name>=<value>` from the meta the proxy sent back with this request.
 */
export const meta: GripHandler = (request) =>
  eachText(request, (ws, message) => {
    const [command, name = '', ...value] = message.split(' ');
    if (command === 'set') {
      ws.meta[name] = value.join(' ');
      ws.send(`set ${name}`);
    } else if (command === 'get') {
      ws.send(`${name}=${ws.meta[name] ?? '(unset)'}`);
    } else {
      ws.send(`unknown command ${JSON.stringify(command)}`);
    }
    return undefined;
  });

/** `sub <channel>` and `unsub <channel>` change the connection's subscriptions. */
export const channels: GripHandler = (request) =>
  eachText(request, (ws, message) => {
    const [command, channel = ''] = message.split(' ');
    if (command === 'sub') {
      ws.subscribe(channel);
      ws.send(`subscribed ${channel}`);
    } else if (command === 'unsub') {
      ws.unsubscribe(channel);
      ws.send(`unsubscribed ${channel}`);
    } else {
      ws.send(`unknown command ${JSON.stringify(command)}`);
    }
    return undefined;
  });

/** Refuses the connection with 401 unless `?token=` is right; otherwise an echo. */
export const privateEcho: GripHandler = async (request, ctx) => {
  const ws = await getWebSocket(request);
  if (ws.isOpening() && new URL(request.url).searchParams.get('token') !== PRIVATE_TOKEN) {
    return new Response('Unauthorized: a valid token is required\n', {
      status: 401,
      headers: { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' },
    });
  }
  return echo(request, ctx);
};
