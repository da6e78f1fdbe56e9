/** Messages between the soak and the processes it starts (origin, proxy host). */
export type ChildReport =
  | { type: 'ready'; url: string; wsUrl?: string; publishUrl?: string }
  | { type: 'counters'; counters: Record<string, number> }
  | { type: 'stopped'; counters: Record<string, number> };

export type ParentCommand = { type: 'stop' } | { type: 'counters' };

/** Sends to the parent over the IPC channel; a child without one was started by hand. */
export function report(message: ChildReport): void {
  if (!process.send) throw new Error('This script is started by the soak (it needs an IPC channel).');
  process.send(message);
}

/**
 * Answers the parent's requests for `counters`, and runs `stop` once, when
 * the parent asks or when it goes away (so a soak that crashes leaves no
 * origin or Pushpin behind), then reports and exits.
 */
export function answerParent(counters: () => Record<string, number>, stop: () => Promise<void>): void {
  let stopping = false;
  const run = async (parentGone: boolean) => {
    if (stopping) return;
    stopping = true;
    try {
      await stop();
    } catch (error) {
      console.error('[soak] stopping failed:', error);
    }
    if (!parentGone && process.connected) report({ type: 'stopped', counters: counters() });
    process.exit(0);
  };
  process.on('message', (message: ParentCommand) => {
    if (message?.type === 'stop') void run(false);
    else if (message?.type === 'counters') report({ type: 'counters', counters: counters() });
  });
  process.on('disconnect', () => void run(true));
  // Ctrl-C reaches the whole process group: shut down in order rather than die mid-way.
  process.on('SIGINT', () => void run(true));
  process.on('SIGTERM', () => void run(true));
}
