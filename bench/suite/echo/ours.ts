import { type GripHandler, getWebSocket } from '@faas-grip/core';

/** The echo every figure runs on faas-grip: accept, send every message back, answer a close. */
export const echo: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  if (ws.isOpening()) ws.accept();
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    ws.send(message);
  }
  return ws.toResponse();
};
