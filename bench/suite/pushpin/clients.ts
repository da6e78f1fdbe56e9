import WebSocket from 'ws';

export interface LoopResult {
  /** Echoes received. */
  echoes: number;
  seconds: number;
  /** Send-to-echo times, ms. */
  latencies: number[];
}

/** One client, open within `ms`, or an error saying which and why. */
function openOne(url: string, index: number, ms: number): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`client ${index} did not connect to ${url} within ${ms / 1000} s`));
    }, ms);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    });
  });
}

/**
 * Opens `count` WebSocket clients to `url`. A handshake that fails or hangs
 * is tried again (a Pushpin just started can leave the first ones unanswered
 * for seconds), up to 4 tries of 5 s each per client.
 */
export async function openClients(url: string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  try {
    for (let i = 0; i < count; i++) {
      for (let attempt = 1; ; attempt++) {
        try {
          sockets.push(await openOne(url, i, 5000));
          break;
        } catch (error) {
          if (attempt === 4) throw error;
        }
      }
    }
    return sockets;
  } catch (error) {
    for (const socket of sockets) socket.terminate();
    throw error;
  }
}

/**
 * A closed loop on every client: send a message, wait for its echo, send the
 * next, until `seconds` are up. A client whose echo is not back 10 s after
 * the end counts as lost, and the loop fails.
 */
export function closedLoop(sockets: readonly WebSocket[], seconds: number): Promise<LoopResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  return new Promise((resolve, reject) => {
    let running = sockets.length;
    const watchdog = setTimeout(
      () => {
        cleanup();
        reject(
          new Error(`${running} of ${sockets.length} clients still waited for an echo 10 s after the end`),
        );
      },
      seconds * 1000 + 10_000,
    );
    const handlers = sockets.map((socket, index) => {
      let sent = 0;
      let expected = '';
      const sendNext = () => {
        expected = `c${index}-${sent++}`;
        sentAt = performance.now();
        socket.send(expected);
      };
      let sentAt = 0;
      const onMessage = (data: WebSocket.RawData) => {
        if (data.toString() !== expected) return;
        const now = performance.now();
        latencies.push(now - sentAt);
        if (now < deadline) sendNext();
        else {
          running--;
          if (running === 0) {
            cleanup();
            resolve({ echoes: latencies.length, seconds: (performance.now() - started) / 1000, latencies });
          }
        }
      };
      socket.on('message', onMessage);
      sendNext();
      return { socket, onMessage };
    });
    const cleanup = () => {
      clearTimeout(watchdog);
      for (const { socket, onMessage } of handlers) socket.off('message', onMessage);
    };
  });
}
