import { type GripHandler, getWebSocket, WebSocketMessageFormat } from '@faas-grip/core';

/**
 * The chat room the adapters' tests run behind the test proxy: text goes to
 * everyone on channel "room", tagged with whether the request was signed
 * (`signed hi`); the text "later" publishes "late" through `waitUntil` once
 * `gate` settles, after the answer; bytes are echoed to the sender.
 */
export function roomHandler(gate: Promise<void> = Promise.resolve()): GripHandler {
  return async (request, ctx) => {
    const ws = await getWebSocket(request);
    if (ws.isOpening()) {
      ws.accept();
      ws.subscribe('room');
    }
    while (ws.canRecv()) {
      const message = ws.recvRaw();
      if (message === null) ws.close();
      else if (message === 'later')
        ctx.waitUntil(gate.then(() => ctx.publish('room', new WebSocketMessageFormat('late'))));
      else if (typeof message === 'string')
        await ctx.publish(
          'room',
          new WebSocketMessageFormat(`${ctx.signed ? 'signed' : 'unsigned'} ${message}`),
        );
      else ws.sendBinary(message);
    }
    return ws.toResponse();
  };
}
