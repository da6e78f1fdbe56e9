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

  it('caps each batch by events and by bytes, a larger event going alone', async () => {
    const sent: string[][] = [];
    const answers: Array<(proceed: boolean) => void> = [];
    const outbox = new Outbox<string>(
      (batch) =>
        new Promise((resolve) => {
          sent.push(batch);
          answers.push(resolve);
        }),
      { maxBatchEvents: 3, maxBatchBytes: 10, size: (event) => event.length },
    );
    for (const event of ['first', 'a', 'b', 'c', 'd', 'eeeeeeeeeeee', 'ff', 'gggggg', 'hhhhh'])
      outbox.push(event);
    expect([outbox.queued, outbox.queuedBytes]).toEqual([8, 'abcdeeeeeeeeeeeeffgggggghhhhh'.length]);
    while (answers.length > 0) {
      answers.shift()!(true);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sent).toEqual([['first'], ['a', 'b', 'c'], ['d'], ['eeeeeeeeeeee'], ['ff', 'gggggg'], ['hhhhh']]);
    expect([outbox.queued, outbox.queuedBytes, outbox.busy]).toEqual([0, 0, false]);
  });

  it('takes a batch from a long queue in time proportional to the batch', async () => {
    const sizes: number[] = [];
    const outbox = new Outbox<number>(
      async (batch) => {
        sizes.push(batch.length);
        return true;
      },
      { maxBatchEvents: 10 },
    );
    const started = Date.now();
    for (let i = 0; i < 300_000; i++) outbox.push(i);
    await outbox.idle();
    // Shifting the front of a 300,000-entry array per batch took far longer.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(Math.max(...sizes)).toBe(10);
  });

  it('stops and reports when a request throws instead of answering', async () => {
    const errors: unknown[] = [];
    const outbox = new Outbox<string>(
      () => {
        throw new Error('encoder failed');
      },
      { onError: (error) => errors.push(error) },
    );
    outbox.push('a');
    await outbox.idle();
    expect(outbox.isStopped).toBe(true);
    expect(String(errors[0])).toBe('Error: encoder failed');
  });
});
