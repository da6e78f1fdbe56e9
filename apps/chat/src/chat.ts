import { type GripHandler, getWebSocket, WebSocketMessageFormat } from '@faas-grip/core';

/** The seed's chat: everyone shares one room; `/nick NAME` sets a nickname. */
export const chat: GripHandler = async (request, ctx) => {
  const ws = await getWebSocket(request);
  if (ws.isOpening()) {
    ws.accept();
    ws.subscribe('room');
  }
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    if (message.startsWith('/nick ')) {
      ws.meta.nick = message.slice(6);
      ws.send(`nickname set to [${ws.meta.nick}]`);
    } else {
      await ctx.publish('room', new WebSocketMessageFormat(`${ws.meta.nick ?? 'anonymous'}: ${message}`));
    }
  }
  return ws.toResponse();
};
