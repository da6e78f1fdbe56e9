import { type GripHandler, getWebSocket, type WebSocketContext } from '@faas-grip/core';

/** The token `/ws/private` wants in its query string. */
export const PRIVATE_TOKEN = 'letmein';

function accept(ws: WebSocketContext): void {
  if (ws.isOpening()) ws.accept();
}

/** Echoes text as text and bytes as bytes; a client's close is echoed with its code and reason. */
export const echo: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  accept(ws);
  while (ws.canRecv()) {
    const message = ws.recvRaw();
    if (message === null) {
      ws.close();
      break;
    }
    if (typeof message === 'string') ws.send(message);
    else ws.sendBinary(message);
  }
  return ws.toResponse();
};

/** Answers each message with its size, so large client messages need no large reply. */
export const measure: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  accept(ws);
  while (ws.canRecv()) {
    const message = ws.recvRaw();
    if (message === null) {
      ws.close();
      break;
    }
    const size = typeof message === 'string' ? new TextEncoder().encode(message).length : message.length;
    ws.send(`${typeof message === 'string' ? 'text' : 'binary'} ${size} bytes`);
  }
  return ws.toResponse();
};

/** `close <code> <reason>` makes the server close the connection with that code and reason. */
export const closer: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  accept(ws);
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    const match = /^close (\d+) ?(.*)$/s.exec(message);
    if (match === null) {
      ws.send(`expected "close <code> <reason>", got ${JSON.stringify(message)}`);
      continue;
    }
    ws.close(Number(match[1]), match[2]);
    break;
  }
  return ws.toResponse();
};

/**
 * `set <name> <value>` stores meta on the connection; `get <name>` answers
 * `<name>=<value>` from the meta the proxy sent back with this request.
 */
export const meta: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  accept(ws);
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    const [command, name = '', ...value] = message.split(' ');
    if (command === 'set') {
      ws.meta[name] = value.join(' ');
      ws.send(`set ${name}`);
    } else if (command === 'get') {
      ws.send(`${name}=${ws.meta[name] ?? '(unset)'}`);
    } else {
      ws.send(`unknown command ${JSON.stringify(command)}`);
    }
  }
  return ws.toResponse();
};

/** `sub <channel>` and `unsub <channel>` change the connection's subscriptions. */
export const channels: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  accept(ws);
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
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
  }
  return ws.toResponse();
};

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
