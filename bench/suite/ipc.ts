/** Messages between the bench and the processes it starts. */
export type ToParent =
  | { type: 'ready'; url: string }
  | { type: 'cpu'; micros: number }
  | { type: 'result'; value: unknown };

export type ToChild = { type: 'cpu' } | { type: 'stop' } | { type: 'run'; job: unknown };

function send(message: ToParent): void {
  if (!process.send) throw new Error('This script is started by `pnpm bench` (it needs an IPC channel).');
  process.send(message);
}

/**
 * The child's side: reports `ready`, answers CPU-time queries (user + system
 * µs of this process), runs jobs if given a runner, and closes and exits when
 * asked or when the bench goes away, so no origin outlives it.
 */
export function serveParent(
  url: string,
  close: () => Promise<void>,
  run?: (job: unknown) => Promise<unknown>,
): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (message: ToChild) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', micros: usage.user + usage.system });
    } else if (message.type === 'stop') void stop();
    else if (message.type === 'run' && run) {
      void run(message.job).then((value) => send({ type: 'result', value }));
    }
  });
  process.on('disconnect', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({ type: 'ready', url });
}
