import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';

/** An outbox whose requests the test answers by hand. */
function manual() {
  const sent: string[][] = [];
  const answers: Array<(proceed: boolean) => void> = [];
  const outbox = new Outbox<string>(
    (batch) =>
      new Promise((resolve) => {
        sent.push(batch);
        answers.push(resolve);
      }),
  );
  const answer = async (proceed = true) => {
    answers.shift()!(proceed);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { outbox, sent, answer };
}

describe('Outbox', () => {
  it('keeps one request in flight and batches what queued meanwhile', async () => {
    const { outbox, sent, answer } = manual();
    outbox.push('a');
    outbox.push('b');
    outbox.push('c');
    expect(sent).toEqual([['a']]);
    await answer();
    expect(sent).toEqual([['a'], ['b', 'c']]);
    outbox.push('d');
    expect(sent).toHaveLength(2);
    await answer();
    expect(sent).toEqual([['a'], ['b', 'c'], ['d']]);
    await answer();
    expect(outbox.busy).toBe(false);
  });

  it('sends an empty keep-alive only when idle', async () => {
    const { outbox, sent, answer } = manual();
    expect(outbox.sendEmpty()).toBe(true);
    expect(outbox.sendEmpty()).toBe(false);
    outbox.push('x');
    expect(sent).toEqual([[]]);
    await answer();
    expect(sent).toEqual([[], ['x']]);
  });

  it('stops after a request that says not to go on', async () => {
    const { outbox, sent, answer } = manual();
    outbox.push('a');
    outbox.push('b');
    await answer(false);
    expect(sent).toEqual([['a']]);
    expect(outbox.isStopped).toBe(true);
    outbox.push('c');
    expect(sent).toEqual([['a']]);
  });

  it('resolves idle() once the queue drains', async () => {
    const { outbox, answer } = manual();
    outbox.push('a');
    outbox.push('b');
    let idle = false;
    void outbox.idle().then(() => {
      idle = true;
    });
    await answer();
    expect(idle).toBe(false);
    await answer();
    expect(idle).toBe(true);
  });
});
